// Generates device configuration files from a seed: each changes a few settings of the defaults
// to values drawn from that setting's typical, boundary and just-out-of-range values (and now and
// then a wrong JSON shape), so a few thousand of them cover every rule's edges. Deterministic for
// a seed: a failure names its seed and configuration, and reproduces.
// Shared by the firmware tests (acceptance, in process) and the device tests (full runs).
using System.Globalization;
using System.Text.Json.Nodes;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Tests.Configuration;

internal sealed class ConfigurationGenerator(int seed, string absoluteRoot)
{
    private static readonly string[] Durations =
    [
        "00:00:00", "00:00:00.0000001", "00:00:00.001", "00:00:00.009", "00:00:00.010", "00:00:00.030", "00:00:00.050", "00:00:00.120",
        "00:00:00.200", "00:00:00.500", "00:00:00.600", "00:00:01", "00:00:01.5", "00:00:02", "00:00:03", "00:00:05", "00:00:09.9",
        "00:00:10", "00:00:10.001", "00:00:20", "00:00:30", "00:01:00", "00:02:00", "00:05:00", "00:10:00", "00:10:00.001", "00:30:00",
        "01:00:00", "01:00:01", "1.00:00:00", "1.00:00:01", "49.17:02:47.295", "100.00:00:00", "-00:00:00.001", "10675199.02:48:05.4775807",
    ];

    private static readonly Dictionary<string, object?[]> Candidates = new()
    {
        ["Identity.DeviceSerial"] = ["BC-004711", "B", "BC-1", new string('7', 24), new string('7', 25), "B" + new string('-', 23), "-BC1", "BC_1", "BC 1", "BC.1", "", "Ünal", "BC-\u0000"],
        ["Identity.OfficerId"] = ["4711", "P", "PC-4711", "PC.4711", new string('7', 20), new string('7', 21), ".4711", "PC 4711", "", "UNASSIGNED"],
        ["Pins.GpioChip"] = [0, 4, 15, 16, -1],
        ["Width"] = [16, 80, 320, 640, 1280, 1920, 4096, 4098, 321, 0],
        ["Height"] = [16, 240, 360, 720, 1080, 4096, 4098, 241, 0],
        ["FrameRate"] = [1, 10, 15, 25, 30, 60, 120, 121, 0],
        ["Camera.BitrateKbps"] = [100, 500, 1000, 4000, 8000, 50000, 50001, 99],
        ["Camera.Audio.BitrateKbps"] = [16, 64, 96, 320, 321, 15],
        ["SampleRate"] = [8000, 16000, 44100, 48000, 22000, 0],
        ["BufferBytes"] = [1024, 1048576, 4194304, 16777216, 67108864, 134217728, 2147483647, -1],
        ["ReserveMegabytes"] = [0, 1, 256, 100000, -1],
        ["NearFullFraction"] = [0, 0.05, 0.1, 0.99, 1, -0.1],
        ["DimBrightness"] = [0, 0.01, 0.2, 0.99, 1, 1.5],
        ["DutyCycle"] = [0, 0.01, 0.5, 0.99, 1],
        ["PwmFrequencyHz"] = [99, 100, 1000, 100000, 100001],
        ["Tones.FrequencyHz"] = [99, 100, 2700, 20000, 20001],
        ["Pin"] = [0, 2, 3, 5, 6, 12, 13, 14, 17, 18, 22, 23, 24, 25, 27, 28, -1],
        ["Chip"] = [0, 1, 2, -1],
        ["Channel"] = [0, 1, 2, -1],
        ["I2cBus"] = [0, 1, 3, -1],
        ["Address"] = [7, 8, 64, 104, 119, 120],
        ["BaudRate"] = [4800, 9600, 115200, 1200],
        ["MaxTrackPointsPerClip"] = [0, 1, 720, 100000, 100001],
        ["LowBatteryBelowPercent"] = [0, 1, 15, 50, 99, 100],
        ["LowBatteryClearedAtPercent"] = [0, 16, 20, 100, 101],
        ["Audit.Path"] = ["audit.jsonl", "logs/audit.jsonl", "{root}/audit/audit.jsonl", "", "logs/", new string('a', 256) + ".jsonl", "audit\n.jsonl"],
        ["Recording.Directory"] = ["recordings", "clips/today", "{root}/card/recordings", "", " ", "r/" + new string('r', 255), "r/" + new string('r', 256), "rec\tordings"],
        ["Gnss.SerialPort"] = ["/dev/serial0", "/dev/ttyUSB0", "/dev/ttyAMA0", "", "/dev/serial0\n"],
        ["Camera.V4L2Device"] = ["/dev/video0", "/dev/video2", "video0"],
        ["Camera.RpiCamPath"] = ["rpicam-vid", "/usr/bin/rpicam-vid", ""],
        ["Camera.Audio.AlsaDevice"] = ["default", "hw:1,0", "", "hw:1\u001b"],
        ["Camera.FilePath"] = [null, "{root}/clip.mp4", ""],
        ["Camera.FfmpegPath"] = [null, "/usr/bin/ffmpeg", "/usr/bin/ffmpeg6", ""],
        ["Clock.EarliestValidTime"] = ["2025-01-01T00:00:00Z", "2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z", "0001-01-01T00:00:00Z"],
        ["ActiveLevel"] = ["High", "Low", "Sideways"],
        ["Pull"] = ["None", "Up", "Down"],
        ["Pins.Beeper.Kind"] = ["PassivePiezo", "ActiveBuzzer", "None"],
        ["FuelGauge.Kind"] = ["Ina219", "Max17048"],
        ["Lights.Mode"] = ["Normal", "Dim", "Off"],
        ["Buttons.RecordButtonMode"] = ["DoublePressToStart", "SinglePressToggles"],
        ["Camera.Source"] = ["TestPattern", "File", "V4L2", "RpiCam"],
        ["Camera.Encoder"] = ["Auto", "Libx264", "H264V4l2m2m"],
        ["Camera.Audio.Source"] = ["Synthetic", "Alsa"],
    };

    private readonly Random _random = new(seed);

    /// <summary>Settings left at their defaults in <see cref="PortableOnly"/> configurations: they name this machine's hardware.</summary>
    private static readonly string[] HardwareSettings = ["Camera.Encoder", "Camera.FfmpegPath", "Camera.FilePath"];

    public int Seed => seed;

    /// <summary>
    /// Leave out the settings that only work with hardware this machine may not have (the Pi's
    /// encoder, a particular ffmpeg or video file); the camera itself is replaced on the command line.
    /// </summary>
    public bool PortableOnly { get; init; }

    /// <summary>A configuration file: the defaults with a serial, and 1 to <paramref name="changes"/> settings changed.</summary>
    public string Next(int changes = 8)
    {
        // Relative paths, as in a device's file: a run puts them under its own state directory.
        var options = new DeviceOptions();
        options.Identity.DeviceSerial = "BC-004711";
        options.Recording.Directory = "recordings";
        var root = JsonNode.Parse(DeviceOptionsJson.Serialize(options))!.AsObject();
        var leaves = Leaves(root, "").Where(path => !PortableOnly || !HardwareSettings.Contains(path)).ToArray();
        var count = 1 + _random.Next(changes);
        for (var i = 0; i < count; i++)
        {
            var path = leaves[_random.Next(leaves.Length)];
            Set(root, path, Draw(path));
        }

        // Now and then a whole section or list in a shape it must not have.
        if (!PortableOnly && _random.Next(20) == 0)
        {
            var sections = root.Select(member => member.Key).ToArray();
            root[sections[_random.Next(sections.Length)]] = _random.Next(3) switch { 0 => null, 1 => new JsonArray(), _ => JsonValue.Create(1) };
        }

        if (_random.Next(10) == 0 && root["FuelGauge"] is JsonObject gauge)
        {
            var curve = gauge["VoltageCurve"]!.AsArray();
            curve.Clear();
            foreach (var (volts, percent) in _random.Next(3) switch { 0 => new[] { (3.0, 0.0), (4.2, 100.0) }, 1 => [(4.2, 100.0), (3.0, 0.0)], _ => [(3.0, 0.0)] })
            {
                curve.Add(new JsonObject { ["Volts"] = volts, ["Percent"] = percent });
            }
        }

        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private JsonNode? Draw(string path)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        if (Candidates.TryGetValue(path, out var values) || Candidates.TryGetValue(name, out values))
        {
            return ToNode(values[_random.Next(values.Length)]);
        }

        if (path.EndsWith("Enabled", StringComparison.Ordinal) || path is "Tones.Vibration" or "Stealth.Allowed" or "Camera.Audio.InPreRoll")
        {
            return JsonValue.Create(_random.Next(2) == 0);
        }

        if (name is "Volts" or "Percent")
        {
            return JsonValue.Create(new[] { 0, 3.0, 3.7, 4.2, 50, 100, 101 }[_random.Next(7)]);
        }

        if (name is "Pwm")
        {
            return _random.Next(2) == 0 ? null : new JsonObject { ["Chip"] = _random.Next(3), ["Channel"] = _random.Next(3), ["Pin"] = new[] { 12, 13, 18, 19 }[_random.Next(4)] };
        }

        // Everything else in the configuration is a duration.
        return JsonValue.Create(Durations[_random.Next(Durations.Length)]);
    }

    private JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text.Replace("{root}", absoluteRoot, StringComparison.Ordinal)),
        int number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        _ => throw new ArgumentException($"no JSON for {value}"),
    };

    // Settings (not sections, not the curve's points) by their paths.
    private static IEnumerable<string> Leaves(JsonObject node, string prefix)
    {
        foreach (var (name, value) in node)
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (value is JsonObject inner && name != "Pwm")
            {
                foreach (var leaf in Leaves(inner, path))
                {
                    yield return leaf;
                }
            }
            else if (value is not JsonArray)
            {
                yield return path;
            }
        }
    }

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        JsonNode parent = root;
        foreach (var part in parts[..^1])
        {
            parent = parent[part]!;
        }

        parent[parts[^1]] = value;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"seed {seed}");
}
