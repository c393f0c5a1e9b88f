// The stages between the muxer and storage, on synthetic MP4 box streams cut at every size a
// pipe might deliver: boundaries found exactly where the init segment and each fragment end,
// bytes passed on unchanged, the digest taken while writing, files only ever created new.
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

public class StageChainTests
{
    [TestCase(1)]
    [TestCase(7)]
    [TestCase(188)]
    [TestCase(4096)]
    [TestCase(int.MaxValue)]
    public async Task The_detector_marks_the_end_of_the_init_segment_and_of_each_fragment(int chunkSize)
    {
        (byte[] stream, List<(long Offset, Mp4Segment Segment)> expected) = SyntheticStream();
        var sink = new CapturingStage();
        var detector = new Mp4FragmentBoundaryDetector(sink);

        for (int offset = 0; offset < stream.Length; offset += Math.Min(chunkSize, stream.Length - offset))
        {
            await detector.WriteAsync(stream.AsMemory(offset, Math.Min(chunkSize, stream.Length - offset)));
        }

        await detector.CompleteAsync();

        Assert.That(sink.Bytes.ToArray(), Is.EqualTo(stream));
        Assert.That(sink.Boundaries, Is.EqualTo(expected));
        Assert.That(sink.Completed, Is.True);
        Assert.That(detector.LostTrack, Is.False);
    }

    [Test]
    public async Task A_box_header_that_makes_no_sense_stops_boundaries_but_not_bytes()
    {
        byte[] stream = [.. Box("ftyp", 16), 0, 0, 0, 3, .. "moov"u8, .. new byte[100]];
        var sink = new CapturingStage();
        var detector = new Mp4FragmentBoundaryDetector(sink);

        await detector.WriteAsync(stream);

        Assert.That(detector.LostTrack, Is.True);
        Assert.That(sink.Bytes.ToArray(), Is.EqualTo(stream));
        Assert.That(sink.Boundaries, Is.Empty);
    }

    [Test]
    public async Task The_digest_is_the_sha256_of_every_byte_passed_on()
    {
        byte[] data = RandomNumberGenerator.GetBytes(100_000);
        var sink = new CapturingStage();
        using var hash = new Sha256Stage(sink);

        await hash.WriteAsync(data.AsMemory(0, 33_333));
        await hash.FragmentCompleteAsync(Mp4Segment.Fragment);
        await hash.WriteAsync(data.AsMemory(33_333));
        await hash.CompleteAsync();

        Assert.That(hash.Digest, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(data))));
        Assert.That(hash.Length, Is.EqualTo(data.Length));
        Assert.That(sink.Bytes.ToArray(), Is.EqualTo(data));
        Assert.That(sink.Boundaries, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_file_stage_syncs_at_each_boundary_and_reports_how_far_the_file_is_safe()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bodycam-stage-{Guid.NewGuid():N}.mp4");
        var reports = new List<DurableProgress>();
        try
        {
            using var file = new DurableFileStage(path, reports.Add);
            Assert.That(File.Exists(path), Is.False, "created on the first byte, not before");

            await file.WriteAsync(new byte[100]);
            await file.FragmentCompleteAsync(Mp4Segment.Init);
            await file.WriteAsync(new byte[50]);
            await file.FragmentCompleteAsync(Mp4Segment.Fragment);
            await file.WriteAsync(new byte[7]);
            Assert.That(file.DurableLength, Is.EqualTo(150));
            await file.CompleteAsync();

            Assert.That(reports, Is.EqualTo(new[]
            {
                new DurableProgress(path, 100, 0, Mp4Segment.Init),
                new DurableProgress(path, 150, 1, Mp4Segment.Fragment),
                new DurableProgress(path, 157, 1, null),
            }));
            Assert.That(new FileInfo(path).Length, Is.EqualTo(157));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task The_file_stage_never_overwrites_an_existing_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bodycam-stage-{Guid.NewGuid():N}.mp4");
        await File.WriteAllTextAsync(path, "earlier recording");
        try
        {
            using var file = new DurableFileStage(path);

            await Assert.ThrowsAsync<IOException>(async () => await file.WriteAsync(new byte[10]));
            Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo("earlier recording"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task A_clip_name_appears_only_with_its_synced_init_segment_behind_it()
    {
        // A power cut between the file's creation and its first sync left an empty clip under the
        // clip's name, sealed at the next start as a clip nothing could open.
        string directory = Directory.CreateTempSubdirectory("bodycam-stage-").FullName;
        string path = Path.Combine(directory, "clip01.mp4");
        try
        {
            using var file = new DurableFileStage(path);
            await file.WriteAsync(new byte[100]);
            Assert.That(File.Exists(path), Is.False, "written, not yet synced: no clip by that name");
            Assert.That(Directory.GetFiles(directory, "*.mp4"), Is.Empty);

            await file.FragmentCompleteAsync(Mp4Segment.Init);
            Assert.That(new FileInfo(path).Length, Is.EqualTo(100), "synced: the clip holds its init segment");
            Assert.That(Directory.GetFiles(directory), Is.EqualTo(new[] { path }), "the temporary name is gone");

            await file.WriteAsync(new byte[50]);
            await file.FragmentCompleteAsync(Mp4Segment.Fragment);
            await file.CompleteAsync();
            Assert.That(new FileInfo(path).Length, Is.EqualTo(150), "written on through the renamed file");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task A_clip_the_muxer_wrote_nothing_for_leaves_no_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bodycam-stage-{Guid.NewGuid():N}.mp4");
        var file = new DurableFileStage(path);

        await file.CompleteAsync();

        Assert.That(File.Exists(path), Is.False);
    }

    // ftyp, moov, then two fragments (one with a 64-bit mdat size), a styp-less tail and mfra.
    private static (byte[] Stream, List<(long, Mp4Segment)> Boundaries) SyntheticStream()
    {
        var stream = new List<byte>();
        var boundaries = new List<(long, Mp4Segment)>();
        stream.AddRange(Box("ftyp", 24));
        stream.AddRange(Box("moov", 700));
        boundaries.Add((stream.Count, Mp4Segment.Init));
        stream.AddRange(Box("moof", 90));
        stream.AddRange(Box("mdat", 5000));
        boundaries.Add((stream.Count, Mp4Segment.Fragment));
        stream.AddRange(Box("moof", 8));
        stream.AddRange(LargeBox("mdat", 3000));
        boundaries.Add((stream.Count, Mp4Segment.Fragment));
        stream.AddRange(Box("mfra", 40));
        return ([.. stream], boundaries);
    }

    private static byte[] Box(string type, int size)
    {
        byte[] box = new byte[size];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)size);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        for (int n = 8; n < size; n++)
        {
            box[n] = (byte)(n * 7);
        }

        return box;
    }

    private static byte[] LargeBox(string type, int size)
    {
        byte[] box = Box(type, size);
        BinaryPrimitives.WriteUInt32BigEndian(box, 1);
        BinaryPrimitives.WriteUInt64BigEndian(box.AsSpan(8), (ulong)size);
        return box;
    }

    private sealed class CapturingStage : IRecordingStage
    {
        public MemoryStream Bytes { get; } = new();

        public List<(long Offset, Mp4Segment Segment)> Boundaries { get; } = [];

        public bool Completed { get; private set; }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
        {
            Bytes.Write(data.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask FragmentCompleteAsync(Mp4Segment segment, CancellationToken cancellationToken = default)
        {
            Boundaries.Add((Bytes.Length, segment));
            return ValueTask.CompletedTask;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
        {
            Completed = true;
            return ValueTask.CompletedTask;
        }
    }
}
