// Stands in for the camera: ffmpeg encoding a 720p30 test picture with a tone at 8 Mbit/s into
// MPEG-TS, as fast as it can (no -re), split into access units. Either collects the units in
// memory (to replay them at their own pace) or appends them straight to a pre-record buffer,
// holding back while the buffer is half full so the recording writer never loses frames to the
// byte cap.
using System.Diagnostics;
using System.Globalization;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Benchmarks.Recording;

internal sealed class CameraEncoder : IAccessUnitSink
{
    private readonly PreRecordBuffer? _buffer;

    private CameraEncoder(PreRecordBuffer? buffer)
    {
        _buffer = buffer;
    }

    public byte[] Pat { get; private set; } = [];

    public byte[] Pmt { get; private set; } = [];

    public List<Unit> Units { get; } = [];

    public long LastSequence { get; private set; } = -1;

    public long LastVideoPts { get; private set; }

    public bool SawKeyframe { get; private set; }

    // audioFramePerPes: one AAC frame per PES (-pes_payload_size 0) instead of ffmpeg's default of
    // filling a PES with ~0.3 s of audio before writing it.
    public static CameraEncoder Collect(double seconds, bool audioFramePerPes)
    {
        var encoder = new CameraEncoder(null) { _audioFramePerPes = audioFramePerPes };
        encoder.Run(seconds);
        return encoder;
    }

    private bool _audioFramePerPes;

    // Runs on the calling thread, which becomes the buffer's producer.
    public static CameraEncoder Feed(PreRecordBuffer buffer, double seconds, Action<CameraEncoder>? onFirstKeyframe)
    {
        var encoder = new CameraEncoder(buffer) { _onFirstKeyframe = onFirstKeyframe };
        encoder.Run(seconds);
        return encoder;
    }

    private Action<CameraEncoder>? _onFirstKeyframe;

    public void OnAccessUnit(in AccessUnitInfo unit, ReadOnlySpan<byte> packets)
    {
        var kind = unit.Stream == ElementaryStreamKind.Video ? MediaStreamKind.Video : MediaStreamKind.Audio;
        FrameFlags flags = (kind == MediaStreamKind.Video && unit.IsKeyframe ? FrameFlags.Keyframe : FrameFlags.None)
            | (unit.HasParameterSets ? FrameFlags.ParameterSets : FrameFlags.None);
        if (_buffer is null)
        {
            Units.Add(new Unit(kind, unit.Pts, unit.Dts, flags, packets.ToArray()));
            return;
        }

        while (_buffer.GetStatistics().BytesUsed > _buffer.Options.ByteCapacity / 2)
        {
            Thread.Sleep(1);
        }

        LastSequence = _buffer.Append(packets, kind, unit.Pts, unit.Dts, flags).Sequence;
        if (kind == MediaStreamKind.Video)
        {
            LastVideoPts = unit.Pts;
        }

        if (!SawKeyframe && (flags & FrameFlags.Keyframe) != 0)
        {
            SawKeyframe = true;
            _onFirstKeyframe?.Invoke(this);
        }
    }

    public void OnProgramTables(ReadOnlySpan<byte> patPacket, ReadOnlySpan<byte> pmtPacket)
    {
        Pat = patPacket.ToArray();
        Pmt = pmtPacket.ToArray();
    }

    private void Run(double seconds)
    {
        var startInfo = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            "-hide_banner", "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
            "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
            "-t", seconds.ToString(CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
            "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-x264-params", "repeat-headers=1",
            "-b:v", "8M", "-maxrate", "8M", "-bufsize", "4M",
            "-c:a", "aac",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (_audioFramePerPes)
        {
            startInfo.ArgumentList.Add("-pes_payload_size");
            startInfo.ArgumentList.Add("0");
        }

        startInfo.ArgumentList.Add("-f");
        startInfo.ArgumentList.Add("mpegts");
        startInfo.ArgumentList.Add("pipe:1");

        using Process process = Process.Start(startInfo) ?? throw new InvalidOperationException("ffmpeg did not start");
        Task<string> errors = process.StandardError.ReadToEndAsync();
        var splitter = new TsAccessUnitSplitter(this);
        byte[] chunk = new byte[64 * 1024];
        Stream output = process.StandardOutput.BaseStream;
        int read;
        while ((read = output.Read(chunk)) > 0)
        {
            splitter.Push(chunk.AsSpan(0, read));
        }

        splitter.Flush();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed: {errors.Result}");
        }
    }

    internal sealed record Unit(MediaStreamKind Kind, long Pts, long Dts, FrameFlags Flags, byte[] Packets)
    {
        public bool IsKeyframe => (Flags & FrameFlags.Keyframe) != 0;
    }
}
