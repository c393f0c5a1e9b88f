// The MD5 the offload sends as each clip's ETag is taken while the clip is written, over exactly
// the bytes passed on to storage, and chains with the SHA-256 stage.
using System.Security.Cryptography;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

public class Md5StageTests
{
    [Test]
    public async Task The_digest_is_the_md5_of_every_byte_passed_on_and_chains_with_sha256()
    {
        byte[] data = RandomNumberGenerator.GetBytes(250_000);
        var sink = new CapturingStage();
        using var md5 = new Md5Stage(sink);
        using var sha256 = new Sha256Stage(md5);

        await sha256.WriteAsync(data.AsMemory(0, 1));
        await sha256.FragmentCompleteAsync(Mp4Segment.Init);
        await sha256.WriteAsync(data.AsMemory(1, 99_999));
        await sha256.FragmentCompleteAsync(Mp4Segment.Fragment);
        await sha256.WriteAsync(data.AsMemory(100_000));
        await sha256.CompleteAsync();

        Assert.That(md5.Digest, Is.EqualTo(Convert.ToHexStringLower(MD5.HashData(data))));
        Assert.That(sha256.Digest, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(data))));
        Assert.That(md5.Length, Is.EqualTo(data.Length));
        Assert.That(sink.Bytes.ToArray(), Is.EqualTo(data));
        Assert.That(sink.Boundaries, Has.Count.EqualTo(2));
        Assert.That(sink.Completed, Is.True);
    }

    [Test]
    public void The_digest_is_not_there_before_the_clip_is_complete()
    {
        using var md5 = new Md5Stage(new CapturingStage());

        Assert.That(() => md5.Digest, Throws.InvalidOperationException);
    }

    private sealed class CapturingStage : IRecordingStage
    {
        public MemoryStream Bytes { get; } = new();

        public List<Mp4Segment> Boundaries { get; } = [];

        public bool Completed { get; private set; }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
        {
            Bytes.Write(data.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask FragmentCompleteAsync(Mp4Segment segment, CancellationToken cancellationToken = default)
        {
            Boundaries.Add(segment);
            return ValueTask.CompletedTask;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
        {
            Completed = true;
            return ValueTask.CompletedTask;
        }
    }
}
