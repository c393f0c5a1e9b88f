// ffmpeg and ffprobe for the recording tests: encodes test streams (cached per shape, as several
// tests use the same one) and reads back what a clip holds. The tests need both programs and
// fail, never skip, when they are missing: CI installs them (./dev does, with apt-get).
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using BodyCamDevice.Firmware.Tests.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

internal static class MediaTools
{
    public const int FramesPerSecond = 30;
    public const int KeyframeInterval = 30;
    public const long TicksPerFrame = 90_000 / FramesPerSecond;

    private static readonly ConcurrentDictionary<string, EncodedStream> Streams = new();

    public static void RequireFfmpeg()
    {
        if (!FfmpegTool.IsInstalled)
        {
            Assert.Fail("ffmpeg and ffprobe are required for the recording tests: apt-get install -y ffmpeg");
        }
    }

    // 30 fps H.264 with a keyframe (and SPS/PPS) every 30 frames, plus 48 kHz mono AAC unless
    // audio is false; encoded as fast as possible (no -re).
    public static EncodedStream Encode(double seconds, string size = "320x240", bool audio = true, string videoBitrate = "")
    {
        RequireFfmpeg();
        string key = FormattableString.Invariant($"{seconds}|{size}|{audio}|{videoBitrate}");
        return Streams.GetOrAdd(key, _ =>
        {
            var arguments = new List<string>
            {
                "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", $"testsrc2=size={size}:rate={FramesPerSecond}",
            };
            if (audio)
            {
                arguments.AddRange(["-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000"]);
            }

            arguments.AddRange(["-t", seconds.ToString(CultureInfo.InvariantCulture),
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
                "-g", $"{KeyframeInterval}", "-keyint_min", $"{KeyframeInterval}", "-sc_threshold", "0",
                "-x264-params", "repeat-headers=1"]);
            if (videoBitrate.Length > 0)
            {
                arguments.AddRange(["-b:v", videoBitrate, "-maxrate", videoBitrate, "-bufsize", videoBitrate]);
            }

            if (audio)
            {
                arguments.AddRange(["-c:a", "aac"]);
            }

            arguments.AddRange(["-f", "mpegts", "pipe:1"]);
            return EncodedStream.Split(FfmpegTool.Run("ffmpeg", arguments));
        });
    }

    public static ProbedClip Probe(string path)
    {
        byte[] json = FfmpegTool.Run("ffprobe",
        [
            "-v", "error", "-show_entries",
            "stream=index,codec_type,codec_name,width,height,sample_rate,time_base:packet=stream_index,pts,dts,flags:format=duration",
            "-of", "json", path,
        ]);
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        var streams = root.GetProperty("streams").EnumerateArray().ToDictionary(
            stream => stream.GetProperty("index").GetInt32(),
            stream => new ProbedStream(
                stream.GetProperty("codec_type").GetString()!,
                stream.GetProperty("codec_name").GetString()!,
                TimeBase(stream.GetProperty("time_base").GetString()!),
                stream.TryGetProperty("width", out JsonElement width) ? width.GetInt32() : 0,
                stream.TryGetProperty("height", out JsonElement height) ? height.GetInt32() : 0,
                stream.TryGetProperty("sample_rate", out JsonElement rate) ? int.Parse(rate.GetString()!, CultureInfo.InvariantCulture) : 0));
        var packets = root.GetProperty("packets").EnumerateArray().Select(packet => new ProbedPacket(
            streams[packet.GetProperty("stream_index").GetInt32()].Type,
            packet.GetProperty("pts").GetInt64(),
            packet.GetProperty("dts").GetInt64(),
            packet.GetProperty("flags").GetString()!.StartsWith('K'))).ToList();
        double duration = double.Parse(root.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
        return new ProbedClip([.. streams.Values], packets, duration);
    }

    public static string Sha256Sum(string path)
    {
        string output = System.Text.Encoding.ASCII.GetString(FfmpegTool.Run("sha256sum", [path]));
        return output.Split(' ')[0];
    }

    // coreutils' md5sum, an independent check of the MD5 the recorder takes while writing.
    public static string Md5Sum(string path)
    {
        string output = System.Text.Encoding.ASCII.GetString(FfmpegTool.Run("md5sum", [path]));
        return output.Split(' ')[0];
    }

    private static double TimeBase(string fraction)
    {
        string[] parts = fraction.Split('/');
        return double.Parse(parts[0], CultureInfo.InvariantCulture) / double.Parse(parts[1], CultureInfo.InvariantCulture);
    }
}

internal sealed record ProbedStream(string Type, string Codec, double TimeBase, int Width, int Height, int SampleRate);

internal sealed record ProbedPacket(string Type, long Pts, long Dts, bool Keyframe);

internal sealed record ProbedClip(IReadOnlyList<ProbedStream> Streams, IReadOnlyList<ProbedPacket> Packets, double Duration)
{
    public ProbedStream? Stream(string type) => Streams.FirstOrDefault(stream => stream.Type == type);

    public List<ProbedPacket> Of(string type) => [.. Packets.Where(packet => packet.Type == type)];

    // Seconds on the clip's timeline.
    public double Seconds(ProbedPacket packet) => packet.Pts * Stream(packet.Type)!.TimeBase;
}
