// The property "a configuration the device accepts is a configuration it records with", on
// thousands of generated configurations (ConfigurationGenerator, fixed seeds): each is parsed as
// `bodycam config check` parses it; a refused one must be refused with named fields only; an
// accepted one is booted on virtual pins and virtual time with a fake recording pipeline, records
// through its own record button (its own gesture and timings), stops, and leaves nothing the
// real pipeline would trip over: a recording's file names fit its directory, the writer's options
// hold, and the watermark filter builds. The full runs through ffmpeg, a handful, are in
// BodyCamDevice.Device.Tests (GeneratedConfigurationRunTests).
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Hardware.Virtual;
using BodyCamDevice.VirtualTime;

namespace BodyCamDevice.Firmware.Tests.Configuration;

public class GeneratedConfigurationTests
{
    private const string Root = "/srv/bodycam-test";

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void EveryAcceptedConfigurationRecordsAndEveryRefusedOneNamesItsFields(int seed)
    {
        var generator = new ConfigurationGenerator(seed, Root);
        var (accepted, refused) = (0, 0);
        for (var i = 0; i < 750; i++)
        {
            var json = generator.Next();
            DeviceOptions options;
            try
            {
                options = DeviceOptionsJson.Parse(json);
            }
            catch (InvalidConfigurationException exception)
            {
                Assert.That(exception.Errors.Select(error => error.Field), Has.All.Not.Empty, json);
                refused++;
                continue;
            }
            catch (Exception exception)
            {
                Assert.Fail($"seed {seed}, configuration {i}: {exception.GetType().Name}: {exception.Message}\n{json}");
                return;
            }

            accepted++;
            RecordsWith(options, $"seed {seed}, configuration {i}:\n{json}");
        }

        TestContext.Progress.WriteLine($"seed {seed}: {accepted} accepted, {refused} refused");
        Assert.That(accepted, Is.GreaterThan(100), "the generator reaches the accepted side");
        Assert.That(refused, Is.GreaterThan(100), "and the refused side");
    }

    [Test]
    public void TheGeneratorHasValuesOfTheRightKindForEverySetting()
    {
        var generator = new ConfigurationGenerator(7, Root);
        var changed = new HashSet<string>();
        var defaults = Flatten(JsonNode.Parse(DeviceOptionsJson.Serialize(new DeviceOptions()))!);
        for (var i = 0; i < 3000; i++)
        {
            foreach (var (path, value) in Flatten(JsonNode.Parse(generator.Next())!))
            {
                if (defaults.TryGetValue(path, out var before) && before != value)
                {
                    changed.Add(path);
                }
            }
        }

        var never = defaults.Keys.Where(path => !path.Contains('[', StringComparison.Ordinal) && !changed.Contains(path) && path != "Identity.DeviceSerial").ToArray();
        Assert.That(never, Is.Empty, "settings the generator never changes");
    }

    private static void RecordsWith(DeviceOptions options, string what)
    {
        var time = new SteppingTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        using var device = new VirtualDevice(ValidatedDeviceOptions.From(options), time, new FakeRecordingPipeline(time));
        var failures = new List<Exception>();
        device.Loop.WorkFailed += failures.Add;
        device.Start();
        time.Step(TimeSpan.FromSeconds(1));
        Assert.That(device.Controller.Status.State, Is.EqualTo(DeviceState.Buffering), what);

        var buttons = options.Buttons;
        if (buttons.RecordButtonMode == RecordButtonMode.SinglePressToggles)
        {
            Press(device, time, buttons.Debounce + Margin(buttons));
        }
        else
        {
            // A double-press within the window, each edge just after the debounce lock-out.
            Press(device, time, buttons.Debounce + Margin(buttons));
            time.Step(buttons.Debounce + Margin(buttons));
            Press(device, time, buttons.Debounce + Margin(buttons));
        }

        time.Step(TimeSpan.FromSeconds(2));
        Assert.That(device.Controller.Status.State, Is.EqualTo(DeviceState.Recording), what);

        if (buttons.RecordButtonMode == RecordButtonMode.SinglePressToggles)
        {
            Press(device, time, buttons.Debounce + Margin(buttons));
        }
        else
        {
            Press(device, time, buttons.HoldToStop + buttons.Debounce + TimeSpan.FromMilliseconds(100));
        }

        time.Step(TimeSpan.FromSeconds(2));
        Assert.That(device.Controller.Status.State, Is.EqualTo(DeviceState.Buffering), what);
        Assert.That(device.Audit.Entries.Select(entry => entry.Kind), Does.Contain("recording-started").And.Contain("recording-stopped"), what);
        Assert.That(failures, Is.Empty, what);

        // What the real pipeline builds from the same settings.
        var directory = Path.GetFullPath(options.Recording.Directory, "/var/lib/bodycam");
        var id = RecordingNames.Format(options.Identity.DeviceSerial, DateTimeOffset.MaxValue, 9999);
        foreach (var name in new[] { RecordingNames.ClipFileName(id, 99), RecordingNames.ManifestFileName(id, 99) })
        {
            Assert.That(Encoding.UTF8.GetByteCount(name), Is.LessThanOrEqualTo(DeviceOptionsValidator.LongestNameBytes), what);
            Assert.That(Encoding.UTF8.GetByteCount(Path.Combine(directory, name)), Is.LessThanOrEqualTo(DeviceOptionsValidator.LongestPathBytes), what);
        }

        var recording = new RecordingOptions
        {
            Directory = directory,
            DeviceSerial = options.Identity.DeviceSerial,
            FirmwareVersion = "test",
            OfficerId = options.Identity.OfficerId,
            ClipLength = options.Recording.ClipLength,
            MaxTrackPointsPerClip = options.Gnss.MaxTrackPointsPerClip,
            Storage = new StorageOptions { NearFullFraction = options.Recording.NearFullFraction, ReserveBytes = options.Recording.ReserveMegabytes * 1024L * 1024 },
        };
        Assert.DoesNotThrow(recording.Validate, what);
        Assert.That(WatermarkFilter.Build(new Watermark(options.Identity.DeviceSerial, options.Identity.OfficerId, ClockIsSet: true)), Does.Contain(options.Identity.DeviceSerial), what);
    }

    // How far past the debounce lock-out each edge comes: a third of what the double-press window
    // leaves beyond two lock-outs, so press, release and press fit in the window.
    private static TimeSpan Margin(ButtonOptions buttons) => (buttons.DoublePressWindow - (2 * buttons.Debounce)) / 3;

    private static void Press(VirtualDevice device, SteppingTimeProvider time, TimeSpan down)
    {
        device.SetInput(DeviceInput.RecordButton, true);
        time.Step(down);
        device.SetInput(DeviceInput.RecordButton, false);
    }

    private static Dictionary<string, string> Flatten(JsonNode node)
    {
        var values = new Dictionary<string, string>();
        void Walk(JsonNode? current, string path)
        {
            switch (current)
            {
                case JsonObject members when !path.EndsWith("Pwm", StringComparison.Ordinal):
                    foreach (var (name, value) in members)
                    {
                        Walk(value, path.Length == 0 ? name : $"{path}.{name}");
                    }

                    break;
                case JsonArray items:
                    for (var i = 0; i < items.Count; i++)
                    {
                        Walk(items[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"));
                    }

                    break;
                default:
                    values[path] = current?.ToJsonString() ?? "null";
                    break;
            }
        }

        Walk(node, "");
        return values;
    }
}
