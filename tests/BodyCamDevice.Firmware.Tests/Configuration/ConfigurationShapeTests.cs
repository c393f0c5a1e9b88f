// Every setting of a complete configuration, replaced in turn by every JSON shape it should not
// have (null, each other JSON type, extreme numbers, long and odd text) or removed, and every
// object given an unknown member: DeviceOptionsJson.Parse either accepts the file or throws
// InvalidConfigurationException naming the field, never anything else (a NullReferenceException
// or OverflowException would be exit 1 and a stack trace on the device, and a restart loop under
// systemd). Whatever it accepts, the validator accepts too.
using System.Text.Json;
using System.Text.Json.Nodes;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Tests.Configuration;

public class ConfigurationShapeTests
{
    private static readonly Func<JsonNode?>[] Replacements =
    [
        () => null,
        () => JsonValue.Create(true),
        () => JsonValue.Create(0),
        () => JsonValue.Create(-1),
        () => JsonValue.Create(1e300),
        () => JsonValue.Create(4_000_000_000L),
        () => JsonValue.Create(""),
        () => JsonValue.Create(new string('x', 5000)),
        () => JsonValue.Create("10675199.02:48:05.4775807"),
        () => JsonValue.Create("-00:00:01"),
        () => JsonValue.Create("line\nbreak"),
        () => new JsonArray(),
        () => new JsonArray(JsonValue.Create(1), null),
        () => new JsonObject(),
        () => new JsonObject { ["Volts"] = 3.7 },
    ];

    /// <summary>The full default configuration as a file would hold it, with a device serial.</summary>
    private static JsonObject FullConfiguration()
    {
        var options = new DeviceOptions();
        options.Identity.DeviceSerial = "BC-004711";
        options.Identity.OfficerId = "4711";
        return JsonNode.Parse(DeviceOptionsJson.Serialize(options))!.AsObject();
    }

    /// <summary>Every node's path: "Pins.Beeper.Pwm.Chip", "FuelGauge.VoltageCurve[3].Volts".</summary>
    private static IEnumerable<string> Paths(JsonNode? node, string prefix)
    {
        switch (node)
        {
            case JsonObject members:
                foreach (var (name, value) in members)
                {
                    var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
                    yield return path;
                    foreach (var inner in Paths(value, path))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    var path = $"{prefix}[{i}]";
                    yield return path;
                    foreach (var inner in Paths(items[i], path))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    private static (JsonNode Parent, string? Name, int Index) Locate(JsonObject root, string path)
    {
        JsonNode parent = root;
        var parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            parent = parts[i].StartsWith('[') ? parent.AsArray()[int.Parse(parts[i][1..^1], System.Globalization.CultureInfo.InvariantCulture)]! : parent[parts[i]]!;
        }

        var last = parts[^1];
        return last.StartsWith('[') ? (parent, null, int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture)) : (parent, last, -1);
    }

    public static IEnumerable<TestCaseData> Settings() =>
        Paths(FullConfiguration(), "").Select(path => new TestCaseData(path).SetArgDisplayNames(path));

    [TestCaseSource(nameof(Settings))]
    public void EveryWrongShapeOfThisSettingIsNamedAndNothingElseIsThrown(string path)
    {
        foreach (var replacement in Replacements)
        {
            var root = FullConfiguration();
            var (parent, name, index) = Locate(root, path);
            var original = name is null ? parent.AsArray()[index] : parent[name];
            var value = replacement();
            var shown = value?.ToJsonString() ?? "null";
            if (name is null)
            {
                parent.AsArray()[index] = value;
            }
            else
            {
                parent[name] = value;
            }

            var outcome = Parse(root.ToJsonString(), $"{path} = {shown[..Math.Min(shown.Length, 40)]}");
            if (outcome is { } errors && original is not null && KindOf(original) != KindOf(value))
            {
                // A value of another JSON type than the setting's is always named by its own path
                // (or, inside a list, by the list's element).
                Assert.That(errors.Select(error => error.Field), Has.Some.StartsWith(path).Or.Some.StartsWith(path.Split('[')[0]), $"{path} = {shown}: {string.Join("; ", errors)}");
            }
            else if (outcome is null && original is not null && KindOf(original) != KindOf(value))
            {
                Assert.Fail($"{path} = {shown} (a {KindOf(value)} where a {KindOf(original)} belongs) was accepted");
            }
        }
    }

    [TestCaseSource(nameof(Settings))]
    public void ThisSettingLeftOutKeepsItsDefaultOrIsNamed(string path)
    {
        var root = FullConfiguration();
        var (parent, name, index) = Locate(root, path);
        if (name is null)
        {
            parent.AsArray().RemoveAt(index);
        }
        else
        {
            parent.AsObject().Remove(name);
        }

        Parse(root.ToJsonString(), $"without {path}");
    }

    [Test]
    public void AnUnknownMemberOfAnyObjectIsNamed()
    {
        var objects = Paths(FullConfiguration(), "").Where(path => Locate(FullConfiguration(), path) is var (parent, name, index)
            && (name is null ? parent.AsArray()[index] : parent[name]) is JsonObject).Prepend("").ToArray();
        Assert.That(objects, Has.Length.GreaterThan(20));
        foreach (var path in objects)
        {
            var root = FullConfiguration();
            var target = path.Length == 0 ? root : Locate(root, path) is var (parent, name, index) && name is not null ? parent[name]!.AsObject() : parent.AsArray()[index]!.AsObject();
            target["Colour"] = "red";
            var errors = Parse(root.ToJsonString(), $"{path}.Colour");
            var expected = path.Length == 0 ? "Colour" : $"{path}.Colour";
            Assert.That(errors?.Select(error => error.Field), Does.Contain(expected), $"{expected}: {string.Join("; ", errors ?? [])}");
        }
    }

    [Test]
    public void TheFullConfigurationItselfIsAccepted()
    {
        Assert.That(Parse(FullConfiguration().ToJsonString(), "the full configuration"), Is.Null);
    }

    /// <summary>Null when accepted; the errors when refused. Fails the test on any other exception.</summary>
    private static IReadOnlyList<ConfigurationError>? Parse(string json, string what)
    {
        try
        {
            var options = DeviceOptionsJson.Parse(json);
            Assert.That(DeviceOptionsValidator.Validate(options), Is.Empty, what);
            return null;
        }
        catch (InvalidConfigurationException exception)
        {
            Assert.That(exception.Errors, Is.Not.Empty, what);
            Assert.That(exception.Errors.Select(error => error.Field), Has.All.Not.Empty, what);
            return exception.Errors;
        }
        catch (Exception exception) when (exception is not AssertionException)
        {
            Assert.Fail($"{what}: {exception.GetType().Name}: {exception.Message}");
            return null;
        }
    }

    private static string KindOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => "number",
            _ => "string",
        },
        _ => "?",
    };
}
