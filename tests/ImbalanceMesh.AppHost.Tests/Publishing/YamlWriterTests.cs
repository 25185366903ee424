using System.Text.Json.Nodes;
using ImbalanceMesh.AppHost.Publishing;

namespace ImbalanceMesh.AppHost.Tests.Publishing;

public class YamlWriterTests
{
    [Fact]
    public void A_real_yaml_parser_reads_back_exactly_the_tree_written_including_tricky_scalars()
    {
        var tree = new JsonObject
        {
            ["plain"] = "text",
            ["looks-like-bool"] = "yes",
            ["looks-like-number"] = "8080",
            ["looks-like-null"] = "null",
            ["colon and hash"] = "a: b # not a comment",
            ["quotes"] = "say \"hi\" and 'bye'",
            ["multi-line"] = "one\ntwo",
            ["dollar"] = "${CACHE_PASSWORD:?set it}",
            ["unicode"] = "naïve – ok",
            ["no"] = "key that YAML 1.1 reads as false",
            ["number"] = 42,
            ["flag"] = true,
            ["empty-map"] = new JsonObject(),
            ["empty-list"] = new JsonArray(),
            ["list"] = new JsonArray("a", 1, new JsonObject { ["k"] = "v", ["n"] = new JsonArray("x", "y") },
                new JsonArray("nested", "list")),
            ["map"] = new JsonObject { ["inner"] = new JsonObject { ["deep"] = "value" } },
        };
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, YamlWriter.WriteAll([tree, new JsonObject { ["second"] = "doc" }], "header\n\nline"));

            var documents = YamlDocuments.Parse(file);

            Assert.Equal(2, documents.Count);
            Assert.True(JsonNode.DeepEquals(tree, documents[0]), documents[0]!.ToJsonString());
            Assert.Equal("doc", (string?)documents[1]!["second"]);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
