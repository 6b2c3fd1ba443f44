using System.Text;

namespace McpPlatform.Bench.Common;

/// <summary>
/// An OpenAPI 3.0 document of a given number of operations, shaped like a large real API: shared component
/// schemas with references, path/query/header parameters, JSON bodies and array responses.
/// </summary>
public static class SyntheticDocument
{
    public static string Create(int operations)
    {
        var resources = (operations + 1) / 2;
        var json = new StringBuilder(operations * 900);
        json.Append("""{"openapi":"3.0.3","info":{"title":"Synthetic","version":"1"},"servers":[{"url":"https://api.example.com/v1"}],"paths":{""");
        for (var i = 0; i < resources; i++)
        {
            if (i > 0)
            {
                json.Append(',');
            }

            json.Append(Fill("""
                "/resources#I#/{id}":{
                  "get":{"operationId":"getResource#I#","summary":"Get resource #I#","tags":["group#G#"],
                    "parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}},
                                  {"name":"expand","in":"query","schema":{"type":"array","items":{"type":"string","enum":["owner","tags"]}},"style":"form","explode":false},
                                  {"name":"X-Request-Id","in":"header","schema":{"type":"string","format":"uuid"}}],
                    "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Resource#S#"}}}}}}
                """, i));
            if (2 * i + 1 < operations)
            {
                json.Append(Fill("""
                    ,"put":{"operationId":"updateResource#I#","summary":"Update resource #I#","tags":["group#G#"],
                      "parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],
                      "requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Resource#S#"}}}},
                      "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"array","items":{"$ref":"#/components/schemas/Resource#S#"}}}}}}}
                    """, i));
            }

            json.Append('}');
        }

        json.Append("""},"components":{"schemas":{""");
        for (var s = 0; s < 50; s++)
        {
            if (s > 0)
            {
                json.Append(',');
            }

            json.Append(Fill("""
                "Resource#R#":{"type":"object","required":["name"],"properties":{
                  "id":{"type":"string","readOnly":true},"name":{"type":"string","minLength":1,"maxLength":200},
                  "count":{"type":"integer","format":"int32","minimum":0},"price":{"type":"number","nullable":true},
                  "status":{"type":"string","enum":["active","retired"]},"tags":{"type":"array","items":{"type":"string"}},
                  "owner":{"$ref":"#/components/schemas/Owner"},"parent":{"$ref":"#/components/schemas/Resource#R#"}}}
                """, s));
        }

        json.Append(""","Owner":{"type":"object","properties":{"id":{"type":"string"},"email":{"type":"string","format":"email"}}}}}}""");
        return json.ToString();
    }

    private static string Fill(string template, int index) => template
        .Replace("#I#", index.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("#G#", (index % 20).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("#S#", (index % 50).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("#R#", index.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
