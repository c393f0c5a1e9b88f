// Reads a scenario file (YAML; JSON is YAML too) and compiles its steps. The format is in
// docs/scenarios.md. Every mistake is reported with its line before anything runs.
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BodyCamDevice.Emulator.Scenarios;

internal static class ScenarioLoader
{
    private static readonly string[] TopLevelKeys = ["name", "description", "virtualTime", "config", "steps"];

    public static ScenarioDocument Load(string path)
    {
        var document = Parse(File.ReadAllText(path), Path.GetFileName(path));
        return document.ConfigFile is { } config && !Path.IsPathRooted(config)
            ? document with { ConfigFile = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, config)) }
            : document;
    }

    public static ScenarioDocument Parse(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            throw new ScenarioFormatException($"{source}: line {exception.Start.Line}: {exception.Message}");
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ScenarioFormatException($"{source}: a scenario is one mapping with 'name' and 'steps'.");
        }

        foreach (var key in root.Children.Keys.Select(key => ((YamlScalarNode)key).Value!))
        {
            if (!TopLevelKeys.Contains(key))
            {
                throw new ScenarioFormatException($"{source}: unknown setting '{key}' (known: {string.Join(", ", TopLevelKeys)}).");
            }
        }

        string? Scalar(string key) => root.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (node as YamlScalarNode)?.Value : null;
        if (!root.Children.TryGetValue(new YamlScalarNode("steps"), out var stepsNode) || stepsNode is not YamlSequenceNode steps || steps.Children.Count == 0)
        {
            throw new ScenarioFormatException($"{source}: 'steps' must be a non-empty list.");
        }

        var virtualTime = Scalar("virtualTime") is { } flag && (bool.TryParse(flag, out var value) ? value : throw new ScenarioFormatException($"{source}: virtualTime must be true or false."));
        var compiled = steps.Children.Select((node, index) => Compile(source, index + 1, node)).ToArray();
        return new ScenarioDocument(Scalar("name") ?? source, Scalar("description"), virtualTime, Scalar("config"), compiled);
    }

    private static ScenarioStep Compile(string source, int index, YamlNode node)
    {
        var line = (int)node.Start.Line;
        if (node is not YamlMappingNode mapping)
        {
            throw new ScenarioFormatException($"{source}: line {line}: step {index} must be a mapping such as '- press: record'.");
        }

        var keys = mapping.Children.Keys.Select(key => ((YamlScalarNode)key).Value!).ToArray();
        var kinds = keys.Where(key => key != "name").ToArray();
        if (kinds.Length != 1)
        {
            throw new ScenarioFormatException($"{source}: line {line}: step {index} must have exactly one kind besides 'name', has [{string.Join(", ", kinds)}].");
        }

        var kind = kinds[0];
        var args = new StepArguments(kind, mapping.Children[new YamlScalarNode(kind)]);
        var name = mapping.Children.TryGetValue(new YamlScalarNode("name"), out var named) ? (named as YamlScalarNode)?.Value : null;
        try
        {
            var isAction = ActionSteps.Kinds.Contains(kind) && kind != "wait";
            var (description, run) = ActionSteps.Kinds.Contains(kind) ? ActionSteps.Compile(kind, args)
                : ExpectationSteps.Kinds.Contains(kind) ? ExpectationSteps.Compile(kind, args)
                : throw args.Invalid($"is not a step kind (actions: {string.Join(", ", ActionSteps.Kinds)}; checks: {string.Join(", ", ExpectationSteps.Kinds)})");
            return new ScenarioStep(index, line, kind, name ?? description, isAction, run);
        }
        catch (ScenarioFormatException exception)
        {
            throw new ScenarioFormatException($"{source}: step {index}, {exception.Message}");
        }
    }
}
