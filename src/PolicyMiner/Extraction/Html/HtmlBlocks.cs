using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using PolicyMiner.Extraction.Text;

namespace PolicyMiner.Extraction.Html;

/// <summary>
/// A forgiving HTML tokenizer that splits a page into text blocks (no DOM, no package): block-level tags end a
/// block, &lt;td&gt;/&lt;th&gt; add a tab, script/style/head content is skipped, entities are decoded.
/// </summary>
internal static partial class HtmlBlocks
{
    private static readonly HashSet<string> BlockTags = new(StringComparer.Ordinal)
    {
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "tbody", "thead", "h1", "h2", "h3", "h4", "h5", "h6",
        "section", "article", "blockquote", "pre", "dd", "dt", "dl", "hr", "center", "form", "header", "footer",
        "nav", "main", "aside", "figure", "figcaption", "address", "option", "body", "html", "fieldset", "legend",
    };

    private static readonly HashSet<string> SkippedContent = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "svg", "iframe", "select", "textarea", "button", "object", "head",
    };

    private static readonly HashSet<string> BoilerplateTags = new(StringComparer.Ordinal) { "nav", "header", "footer", "aside", "form", "menu" };

    private static readonly HashSet<string> VoidTags = new(StringComparer.Ordinal)
    {
        "br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "param", "source", "track", "wbr",
    };

    // id/class words of navigation and page furniture on government and news sites (token match, not substring).
    private static readonly HashSet<string> BoilerplateWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "nav", "navbar", "navigation", "menu", "footer", "foot", "header", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
        "sidebar", "side", "aside", "banner", "share", "copyright", "bottom", "login", "search", "toolbar", "related",
        "links", "friendlink", "position", "location", "dh", "daohang", "topbar", "skip", "pagination", "pager", "ad", "ads",
    };

    public static HtmlPage Parse(string html)
    {
        var blocks = new List<HtmlBlock>();
        // The open-element stack, with two indexes so that deep nesting (400k <div>s in a hostile page) stays linear:
        // how many open elements are boilerplate (was stack.Any, O(depth) per block) and where each tag name is open
        // (was FindLastIndex, O(depth) per closing tag that matches nothing).
        var stack = new List<(string Tag, bool Boilerplate)>();
        var boilerplateOpen = 0;
        var openAt = new Dictionary<string, Stack<int>>(StringComparer.Ordinal);
        var text = new StringBuilder();
        var linkDepth = 0;
        var linkChars = 0;
        var heading = 0;
        string? title = null;
        var i = 0;

        void EndBlock()
        {
            var collapsed = Collapse(text.ToString());
            if (collapsed.Length > 0)
            {
                blocks.Add(new HtmlBlock(collapsed, linkChars, boilerplateOpen > 0, heading));
            }
            text.Clear();
            linkChars = 0;
            heading = 0;
        }

        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            var chunkEnd = lt < 0 ? html.Length : lt;
            if (chunkEnd > i)
            {
                var chunk = WebUtility.HtmlDecode(html[i..chunkEnd]);
                text.Append(chunk);
                if (linkDepth > 0)
                {
                    linkChars += chunk.Count(c => !char.IsWhiteSpace(c));
                }
            }
            if (lt < 0)
            {
                break;
            }
            if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                var endComment = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                i = endComment < 0 ? html.Length : endComment + 3;
                continue;
            }
            var gt = html.IndexOf('>', lt + 1);
            if (gt < 0)
            {
                break;
            }
            var tagText = html[(lt + 1)..gt];
            i = gt + 1;
            var closing = tagText.StartsWith('/');
            var nameMatch = TagName().Match(closing ? tagText[1..] : tagText);
            if (!nameMatch.Success)
            {
                continue; // <!DOCTYPE>, <?xml?>, stray '<'
            }
            var name = nameMatch.Value.ToLowerInvariant();
            if (!closing && name == "title")
            {
                var end = html.IndexOf("</title", i, StringComparison.OrdinalIgnoreCase);
                title ??= Collapse(WebUtility.HtmlDecode(html[i..(end < 0 ? html.Length : end)]));
                i = end < 0 ? html.Length : end;
                continue;
            }
            if (!closing && SkippedContent.Contains(name) && !tagText.EndsWith('/'))
            {
                var end = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                if (name == "head")
                {
                    // Keep scanning inside head only for <title>.
                    var headEnd = end < 0 ? html.Length : end;
                    var titleStart = html.IndexOf("<title", i, StringComparison.OrdinalIgnoreCase);
                    if (titleStart >= 0 && titleStart < headEnd)
                    {
                        var open = html.IndexOf('>', titleStart);
                        var close = html.IndexOf("</title", titleStart, StringComparison.OrdinalIgnoreCase);
                        if (open >= 0 && close > open)
                        {
                            title ??= Collapse(WebUtility.HtmlDecode(html[(open + 1)..close]));
                        }
                    }
                }
                // An unclosed <head> ends where the body starts; an unclosed script/style swallows the rest.
                i = end >= 0 ? end : name == "head" ? i : html.Length;
                continue;
            }
            if (name == "a")
            {
                linkDepth = closing ? Math.Max(0, linkDepth - 1) : linkDepth + 1;
                continue;
            }
            if (name is "td" or "th")
            {
                text.Append('\t');
                continue;
            }
            if (BlockTags.Contains(name))
            {
                EndBlock();
                if (name.Length == 2 && name[0] == 'h' && char.IsAsciiDigit(name[1]) && !closing)
                {
                    heading = name[1] - '0';
                }
            }
            if (VoidTags.Contains(name))
            {
                continue;
            }
            if (closing)
            {
                if (openAt.TryGetValue(name, out var positions) && positions.Count > 0)
                {
                    var at = positions.Peek();
                    for (var k = stack.Count - 1; k >= at; k--)
                    {
                        // each element is pushed and popped once: linear overall
                        openAt[stack[k].Tag].Pop();
                        boilerplateOpen -= stack[k].Boilerplate ? 1 : 0;
                    }
                    stack.RemoveRange(at, stack.Count - at);
                }
            }
            else if (!tagText.EndsWith('/'))
            {
                var boilerplate = BoilerplateTags.Contains(name) || NamesBoilerplate(tagText);
                if (!openAt.TryGetValue(name, out var positions))
                {
                    openAt[name] = positions = new Stack<int>();
                }
                positions.Push(stack.Count);
                stack.Add((name, boilerplate));
                boilerplateOpen += boilerplate ? 1 : 0;
            }
        }
        EndBlock();
        return new HtmlPage(blocks, string.IsNullOrEmpty(title) ? null : title);
    }

    /// <summary>Collapses HTML whitespace; a break between two CJK characters disappears.</summary>
    internal static string Collapse(string text)
    {
        var cells = text.Split('\t');
        // A line break in the source joins without a space between CJK characters; plain spaces stay one space.
        var collapsedCells = cells
            .Select(c => TextNormalizer.JoinLines(LineBreakRun().Split(c).Select(piece => HtmlWhitespace().Replace(piece, " "))))
            .Where(c => c.Length > 0);
        return string.Join('\t', collapsedCells);
    }

    private static bool NamesBoilerplate(string tagText)
    {
        foreach (Match attribute in IdOrClass().Matches(tagText))
        {
            foreach (var word in AttributeWords().Split(attribute.Groups[2].Value))
            {
                if (BoilerplateWords.Contains(word))
                {
                    return true;
                }
            }
        }
        return false;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*")]
    private static partial Regex TagName();

    [GeneratedRegex(@"[ \t\r\n\f]+")]
    private static partial Regex HtmlWhitespace();

    [GeneratedRegex(@"[ \t\f]*[\r\n][ \t\r\n\f]*")]
    private static partial Regex LineBreakRun();

    [GeneratedRegex(@"\b(id|class)\s*=\s*[""']?([^""'>]*)", RegexOptions.IgnoreCase)]
    private static partial Regex IdOrClass();

    [GeneratedRegex(@"[\s_\-]+")]
    private static partial Regex AttributeWords();
}
