using System.Text;

namespace McpPlatform.OpenApi.RoundTrip.Tests.Support;

/// <summary>
/// Heuristic strings for a regular expression: literals, classes (<c>[A-Za-z0-9]</c>, <c>\d</c>, <c>\w</c>, negations),
/// groups with alternation (first branch) and quantifiers (<c>{n,m}</c>, <c>*</c>, <c>+</c>, <c>?</c>). Two candidates:
/// the shortest reading and a longer one (for minLength). The caller checks each against the real regex.
/// </summary>
public static class RegexSampler
{
    public static IEnumerable<string> Samples(string pattern)
    {
        foreach (var generous in new[] { false, true })
        {
            string? sample;
            try
            {
                var parser = new Parser(pattern, generous);
                sample = parser.ParseAlternation();
            }
            catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                sample = null;
            }
            if (sample is not null) yield return sample;
        }
    }

    private sealed class Parser(string pattern, bool generous)
    {
        private int position;

        public string ParseAlternation()
        {
            var first = ParseSequence();
            while (position < pattern.Length && pattern[position] == '|')
            {
                position++;
                ParseSequence();
            }
            return first;
        }

        private string ParseSequence()
        {
            var builder = new StringBuilder();
            while (position < pattern.Length && pattern[position] is not ('|' or ')'))
            {
                var atom = ParseAtom();
                var (min, max) = ParseQuantifier();
                var repeat = generous ? Math.Min(max, Math.Max(min, 8)) : min;
                for (var i = 0; i < repeat; i++) builder.Append(atom);
            }
            return builder.ToString();
        }

        private string ParseAtom()
        {
            var c = pattern[position++];
            switch (c)
            {
                case '^' or '$': return "";
                case '.': return "a";
                case '(':
                    if (position < pattern.Length && pattern[position] == '?')
                    {
                        position++;
                        var kind = pattern[position];
                        if (kind is '=' or '!') throw new FormatException("lookaround");
                        if (kind == ':') position++;
                        else if (kind is '<' or '\'' or 'P')
                        {
                            if (kind == 'P') position++;
                            var close = pattern[position] == '<' ? '>' : '\'';
                            position = pattern.IndexOf(close, position + 1) + 1;
                        }
                    }
                    var inner = ParseAlternation();
                    if (position >= pattern.Length || pattern[position] != ')') throw new FormatException("unbalanced group");
                    position++;
                    return inner;
                case '[': return ParseClass();
                case '\\': return Escape(pattern[position++]);
                default: return c.ToString();
            }
        }

        private static string Escape(char c) => c switch
        {
            'd' => "1",
            'D' or 'w' or 'S' => "a",
            'W' => "-",
            's' => " ",
            'b' or 'B' or 'A' or 'z' or 'Z' => "",
            'n' => "\n",
            't' => "\t",
            _ => c.ToString(),
        };

        private string ParseClass()
        {
            var negated = pattern[position] == '^';
            if (negated) position++;
            var members = new List<(char From, char To)>();
            var first = true;
            while (pattern[position] != ']' || first)
            {
                first = false;
                char from;
                var ch = pattern[position++];
                if (ch == '\\')
                {
                    var e = pattern[position++];
                    switch (e)
                    {
                        case 'd': members.Add(('0', '9')); continue;
                        case 'w': members.Add(('a', 'z')); members.Add(('A', 'Z')); members.Add(('0', '9')); members.Add(('_', '_')); continue;
                        case 's': members.Add((' ', ' ')); continue;
                        default: from = Escape(e) is { Length: 1 } s ? s[0] : e; break;
                    }
                }
                else from = ch;
                if (pattern[position] == '-' && pattern[position + 1] != ']')
                {
                    position++;
                    var to = pattern[position++];
                    if (to == '\\') to = pattern[position++];
                    members.Add((from, to));
                }
                else members.Add((from, from));
            }
            position++;
            if (!negated)
            {
                // Prefer a letter or digit when the class offers one (readable, safe in URLs).
                foreach (var preferred in "a0A")
                    if (members.Any(m => preferred >= m.From && preferred <= m.To)) return preferred.ToString();
                return members[0].From.ToString();
            }
            foreach (var candidate in "aZ0_x")
                if (!members.Any(m => candidate >= m.From && candidate <= m.To)) return candidate.ToString();
            throw new FormatException("no character outside the negated class");
        }

        private (int Min, int Max) ParseQuantifier()
        {
            if (position >= pattern.Length) return (1, 1);
            (int, int) result;
            switch (pattern[position])
            {
                case '*': position++; result = (0, int.MaxValue); break;
                case '+': position++; result = (1, int.MaxValue); break;
                case '?': position++; result = (0, 1); break;
                case '{' when position + 1 < pattern.Length && char.IsAsciiDigit(pattern[position + 1]):
                    var close = pattern.IndexOf('}', position);
                    var body = pattern[(position + 1)..close].Split(',');
                    position = close + 1;
                    var min = int.Parse(body[0], System.Globalization.CultureInfo.InvariantCulture);
                    var max = body.Length == 1 ? min : body[1].Length == 0 ? int.MaxValue : int.Parse(body[1], System.Globalization.CultureInfo.InvariantCulture);
                    result = (min, max);
                    break;
                default: return (1, 1);
            }
            if (position < pattern.Length && pattern[position] is '?' or '+') position++;
            return result;
        }
    }
}
