using System.Net;
using System.Text;

namespace ImbalanceMesh.Evaluation.Reports;

/// <summary>A self-contained HTML page: inline CSS, images as base64 data URIs, so it opens offline.</summary>
public sealed class HtmlPage(string title)
{
    private readonly StringBuilder _body = new();

    public HtmlPage Heading(string text) => Raw($"<h2>{Encode(text)}</h2>");
    public HtmlPage Paragraph(string text) => Raw($"<p>{Encode(text)}</p>");

    public HtmlPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table><tr>");
        foreach (var h in header) _body.Append($"<th>{Encode(h)}</th>");
        _body.Append("</tr>");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row) _body.Append($"<td>{Encode(cell)}</td>");
            _body.Append("</tr>");
        }
        _body.Append("</table>");
        return this;
    }

    public HtmlPage Image(string alt, byte[] png) =>
        Raw($"<figure><img alt=\"{Encode(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"/></figure>");

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{Encode(title)}</title><style>" +
        "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}" +
        "th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f3f3f3}td:first-child{text-align:left}" +
        "img{max-width:100%}.neg{color:#b00}</style></head><body>" +
        $"<h1>{Encode(title)}</h1>{_body}</body></html>");

    private HtmlPage Raw(string html)
    {
        _body.Append(html);
        return this;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
