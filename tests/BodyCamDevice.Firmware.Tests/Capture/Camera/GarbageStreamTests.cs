// An encoder that produces garbage for a while: ffmpeg's real MPEG-TS with random bytes spliced in,
// well-formed-looking packets of random PIDs and PES headers (random timestamps, IDR slices with
// no parameter sets), bytes overwritten, or runs of the stream dropped, fed through the splitter
// and the sink into the pre-record buffer as the camera's reader thread would. Whatever the
// garbage, what the buffer keeps must be what a clip can be made of: keyframes with their SPS and
// PPS, decode timestamps rising one frame at a time except where a loss is reported, nothing off
// the stream's own timeline; and the stream goes on whole after the garbage.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.MpegTs;
using BodyCamDevice.Firmware.Tests.Capture.MpegTs;
using Microsoft.Extensions.Time.Testing;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

[Category("ffmpeg")]
[NonParallelizable]
public sealed class GarbageStreamTests
{
    private const int FramesPerSecond = 30;
    private const int Seconds = 6;
    private const long TicksPerFrame = 90_000 / FramesPerSecond;

    private byte[] _stream = [];

    public enum Garbage
    {
        Noise,
        Packets,
        Corrupt,
        Drop,
    }

    [OneTimeSetUp]
    public void Encode()
    {
        if (!FfmpegTool.IsInstalled)
        {
            Assert.Fail("ffmpeg/ffprobe are not installed (apt-get install -y ffmpeg)");
        }

        _stream = FfmpegTool.Run("ffmpeg",
        [
            "-hide_banner", "-loglevel", "error",
            "-f", "lavfi", "-i", $"testsrc2=size=320x240:rate={FramesPerSecond}",
            "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
            "-t", $"{Seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
            "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-x264-params", "repeat-headers=1",
            "-c:a", "aac", "-muxdelay", "0", "-f", "mpegts", "pipe:1",
        ]);
    }

    [Test]
    public void Garbage_from_the_encoder_never_reaches_the_buffer_and_the_stream_goes_on(
        [Values] Garbage garbage, [Range(1, 6)] int seed)
    {
        var random = new Random(seed);
        byte[] damaged = Damage(garbage, random);
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromMinutes(1) });
        var sink = new PreRecordSink(buffer, new FakeTimeProvider());
        var splitter = new TsAccessUnitSplitter(sink);
        sink.BeginRun(1, () => { }, () => { });
        for (int at = 0; at < damaged.Length;)
        {
            int size = Math.Min(damaged.Length - at, random.Next(1, 20_000));
            splitter.Push(damaged.AsSpan(at, size));
            at += size;
        }

        splitter.Flush();

        var gaps = new List<FrameGap>();
        var video = BufferedFrames.Read(buffer, gaps).Select(f => f.Frame).Where(f => f.Kind == MediaStreamKind.Video).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(video.Where(f => f.IsKeyframe && (f.Flags & FrameFlags.ParameterSets) == 0), Is.Empty, "every keyframe carries its SPS and PPS");
            Assert.That(video[0].IsKeyframe, Is.True);
            long first = video[0].DecodeTimestamp;
            Assert.That(video.Where(f => f.DecodeTimestamp < first || f.DecodeTimestamp > first + (Seconds * 90_000)), Is.Empty, "nothing off the stream's timeline");
            for (int index = 1; index < video.Count; index++)
            {
                long step = video[index].DecodeTimestamp - video[index - 1].DecodeTimestamp;
                bool lossReported = gaps.Any(gap => gap.FirstSequence > video[index - 1].Sequence && gap.LastSequence < video[index].Sequence);
                Assert.That(step == TicksPerFrame || (step > 0 && lossReported && video[index].IsKeyframe), Is.True,
                    $"frame {video[index].Sequence} steps {step} ticks after {video[index - 1].Sequence}: only a reported loss, resuming at a keyframe, may break the frame rhythm");
            }

            // The last second and a half was never touched: all of it is there.
            Assert.That(video.Count(f => f.DecodeTimestamp > first + (long)(4.5 * 90_000)), Is.GreaterThanOrEqualTo((int)(1.4 * FramesPerSecond)));
        }
    }

    // Damages the stream between 2 s and 3.5 s (by byte position): the same shapes as the
    // torture's garbage encoder.
    private byte[] Damage(Garbage garbage, Random random)
    {
        int from = _stream.Length / 3 / 188 * 188;
        int to = _stream.Length * 7 / 12 / 188 * 188;
        var output = new List<byte>(_stream.Length * 2);
        output.AddRange(_stream.AsSpan(0, from));
        switch (garbage)
        {
            case Garbage.Noise:
                for (int at = from; at < to; at += 188 * 40)
                {
                    output.AddRange(_stream.AsSpan(at, Math.Min(188 * 40, to - at)));
                    byte[] noise = new byte[random.Next(1, 4000)];
                    random.NextBytes(noise);
                    for (int n = 0; n < noise.Length / 50; n++)
                    {
                        noise[random.Next(noise.Length)] = TsPacket.SyncByte;
                    }

                    output.InsertRange(output.Count - random.Next(0, 188), noise);
                }

                break;
            case Garbage.Packets:
                for (int at = from; at < to; at += 188)
                {
                    output.AddRange(_stream.AsSpan(at, 188));
                    for (int n = random.Next(3); n > 0; n--)
                    {
                        output.AddRange(RandomPacket(random));
                    }
                }

                break;
            case Garbage.Corrupt:
                byte[] corrupt = _stream[from..to];
                for (int n = 0; n < corrupt.Length / 400; n++)
                {
                    corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
                }

                output.AddRange(corrupt);
                break;
            case Garbage.Drop:
                for (int at = from; at < to;)
                {
                    int keep = Math.Min(random.Next(1, 4 * 188), to - at);
                    output.AddRange(_stream.AsSpan(at, keep));
                    at += keep + random.Next(1, 2 * 188);
                }

                break;
        }

        output.AddRange(_stream.AsSpan(to));
        return [.. output];
    }

    // A packet with the sync byte and random header bits on one of ffmpeg's PIDs (or any), half of
    // them opening a PES packet with random timestamps, some of those with an IDR slice.
    private static byte[] RandomPacket(Random random)
    {
        int[] pids = [0x0000, 0x1000, 0x0100, 0x0100, 0x0101, random.Next(0x2000)];
        int pid = pids[random.Next(pids.Length)];
        byte[] packet = new byte[188];
        random.NextBytes(packet);
        packet[0] = TsPacket.SyncByte;
        packet[1] = (byte)((random.Next(8) << 5) | (pid >> 8));
        packet[2] = (byte)pid;
        if (random.Next(2) == 0)
        {
            packet[1] = (byte)((packet[1] & 0x1F) | 0x40);
            packet[3] = (byte)((packet[3] & 0x0F) | 0x10);
            byte[] pes = [0, 0, 1, 0xE0, 0, 0, 0x80, 0xC0, 10];
            pes.CopyTo(packet, 4);
            if (random.Next(2) == 0)
            {
                byte[] slice = [0, 0, 0, 1, 0x65];
                slice.CopyTo(packet, 23);
            }
        }

        return packet;
    }
}
