namespace McpPlatform.OpenApi.Schemas;

/// <summary>Inputs drop readOnly properties; outputs keep them and stay lenient so real responses validate.</summary>
internal enum SchemaDirection { Input, Output }
