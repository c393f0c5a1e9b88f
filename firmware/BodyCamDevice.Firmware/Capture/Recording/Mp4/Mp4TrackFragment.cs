// The samples of one track waiting for the next fragment: their times, sizes and flags, and their
// bytes, which go into the fragment's mdat as they are. Cleared after each fragment and reused,
// so a recording allocates nothing per frame once the largest fragment has been seen.
//
// Not thread-safe: owned by the muxer of one clip, used on its writer task.
using System.Buffers;

namespace BodyCamDevice.Firmware.Capture.Recording.Mp4;

// Time: decode time in the track's timescale since the track's first sample. Size: bytes in the
// mdat. CompositionOffset: presentation minus decode time (0 without B-frames). Sync: a sample a
// decoder can start at (an IDR; every audio frame).
internal readonly record struct Mp4Sample(long Time, int Size, int CompositionOffset, bool Sync);

internal sealed class Mp4TrackFragment
{
    // sample_flags (ISO/IEC 14496-12, 8.8.3.1): sample_depends_on = 2 (depends on no other
    // sample); or sample_depends_on = 1 and sample_is_non_sync_sample.
    private const uint SyncSampleFlags = 0x02000000;
    private const uint NonSyncSampleFlags = 0x01010000;

    // tfhd: default-base-is-moof, default-sample-flags-present. trun: data-offset-present,
    // sample-duration, -size, -flags and -composition-time-offset present.
    private const int DefaultBaseIsMoof = 0x020000;
    private const int DefaultSampleFlagsPresent = 0x000020;
    private const int DataOffsetPresent = 0x000001;
    private const int SampleDurationPresent = 0x000100;
    private const int SampleSizePresent = 0x000200;
    private const int SampleFlagsPresent = 0x000400;
    private const int SampleCompositionOffsetPresent = 0x000800;

    private readonly List<Mp4Sample> _samples = new(64);
    private readonly ArrayBufferWriter<byte> _payload;

    public Mp4TrackFragment(uint trackId, int initialPayloadBytes)
    {
        TrackId = trackId;
        _payload = new ArrayBufferWriter<byte>(initialPayloadBytes);
    }

    public uint TrackId { get; }

    public int Count => _samples.Count;

    public long FirstTime => _samples[0].Time;

    public long LastTime => _samples[^1].Time;

    // Where the next sample's bytes go; Add then records the sample.
    public IBufferWriter<byte> Payload => _payload;

    public ReadOnlyMemory<byte> PayloadBytes => _payload.WrittenMemory;

    public void Add(Mp4Sample sample) => _samples.Add(sample);

    public void Clear()
    {
        _samples.Clear();
        _payload.ResetWrittenCount();
    }

    // Writes this track's traf. endTime: when the last sample ends (the next sample's time, if
    // known). Every sample's flags are written when some samples are not sync samples (video),
    // else once in the tfhd (audio). Returns where the trun's data offset goes, to be patched once
    // the moof's size is known.
    public int WriteTrackFragment(Mp4BoxWriter box, long endTime)
    {
        bool allSync = _samples.TrueForAll(static sample => sample.Sync);
        bool compositionOffsets = !_samples.TrueForAll(static sample => sample.CompositionOffset == 0);

        int traf = box.Begin("traf");
        int tfhd = box.BeginFull("tfhd", 0, DefaultBaseIsMoof | (allSync ? DefaultSampleFlagsPresent : 0));
        box.UInt32(TrackId);
        if (allSync)
        {
            box.UInt32(SyncSampleFlags);
        }

        box.End(tfhd);

        int tfdt = box.BeginFull("tfdt", 1, 0);
        box.UInt64((ulong)FirstTime);
        box.End(tfdt);

        int flags = DataOffsetPresent | SampleDurationPresent | SampleSizePresent
            | (allSync ? 0 : SampleFlagsPresent) | (compositionOffsets ? SampleCompositionOffsetPresent : 0);

        // Version 1: signed composition offsets.
        int trun = box.BeginFull("trun", 1, flags);
        box.UInt32((uint)_samples.Count);
        int dataOffset = box.Reserve32();
        for (int index = 0; index < _samples.Count; index++)
        {
            Mp4Sample sample = _samples[index];
            long end = index + 1 < _samples.Count ? _samples[index + 1].Time : endTime;
            box.UInt32((uint)Math.Max(0, end - sample.Time));
            box.UInt32((uint)sample.Size);
            if (!allSync)
            {
                box.UInt32(sample.Sync ? SyncSampleFlags : NonSyncSampleFlags);
            }

            if (compositionOffsets)
            {
                box.Int32(sample.CompositionOffset);
            }
        }

        box.End(trun);
        box.End(traf);
        return dataOffset;
    }
}
