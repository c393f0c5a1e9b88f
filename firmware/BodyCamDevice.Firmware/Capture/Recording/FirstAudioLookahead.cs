// Finds the audio unit a clip starts its audio with, ahead of the recording's reader. A clip's MP4
// header needs the audio parameters, which only an audio unit gives; with the pre-roll
// video-only, the first audio kept comes after the whole backlog. So the session looks ahead with
// a second reader (PreRecordReader.Fork, at the main reader's position), copies that unit, writes
// it right after the clip's first keyframe, and skips it when the main reader gets there. The
// muxer places it in the first fragment at its own time. Writer task only.
namespace BodyCamDevice.Firmware.Capture.Recording;

internal static class FirstAudioLookahead
{
    // The first audio unit after the reader's position with a timestamp at or above threshold
    // (the pre-roll audio policy). Null when none comes within FirstAudioWait, or before the
    // keyframe at which the clip starting with keyframe would be split, or before a stop: that
    // clip has no audio.
    public static async Task<AudioHead?> FindAsync(
        PreRecordReader reader, EncodedFrame keyframe, long threshold, RecordingOptions options, TimeProvider time, WriterPoll poll, Func<bool> stopping)
    {
        using PreRecordReader lookahead = reader.Fork();
        long splitFrom = keyframe.PresentationTimestamp + MediaClock.FromTimeSpan(options.ClipLength);
        long started = time.GetTimestamp();
        while (true)
        {
            ReadResult result = lookahead.Read();
            if (result.Status == ReadStatus.Frame)
            {
                EncodedFrame frame = result.Frame;
                if (frame.Kind == MediaStreamKind.Audio && frame.PresentationTimestamp >= threshold)
                {
                    return new AudioHead(frame, result.Data.ToArray());
                }

                if (frame.IsKeyframe && frame.PresentationTimestamp >= splitFrom)
                {
                    return null;
                }
            }
            else if (result.Status == ReadStatus.Empty)
            {
                if (time.GetElapsedTime(started) >= options.FirstAudioWait || stopping())
                {
                    return null;
                }

                await poll.WaitAsync(lookahead).ConfigureAwait(false);
            }
        }
    }
}
