// Finds the test scene's sync pulses in a recorded MPEG-TS clip, decoded by ffmpeg: the
// presentation times (90 kHz) at which the top-right flash turns on and the 1 kHz tone starts.
// Frame times come from the caller (the buffer's own timestamps); audio sample n of the decoded
// stream sits at the first audio unit's timestamp plus n samples.
using BodyCamDevice.Firmware.Tests.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

internal static class SyncSignalProbe
{
    public static List<long> FlashOnsets(byte[] clip, int width, int height, IReadOnlyList<long> videoPts)
    {
        // The flash quarter alone, as 8-bit luma: white is ~235, the pattern under it far darker.
        byte[] pixels = FfmpegTool.Run("ffmpeg",
        [
            "-hide_banner", "-loglevel", "error", "-f", "mpegts", "-i", "pipe:0", "-map", "0:v:0",
            "-vf", $"crop={width / 4}:{height / 4}:{width * 3 / 4}:0", "-pix_fmt", "gray", "-f", "rawvideo", "pipe:1",
        ], stdin: clip);
        int area = width / 4 * (height / 4);
        var onsets = new List<long>();
        bool wasLit = false;
        for (int frame = 0; frame < Math.Min(videoPts.Count, pixels.Length / area); frame++)
        {
            bool lit = pixels.AsSpan(frame * area, area).ToArray().Average(value => value) > 200;
            if (lit && !wasLit)
            {
                onsets.Add(videoPts[frame]);
            }

            wasLit = lit;
        }

        return onsets;
    }

    public static List<long> ToneOnsets(byte[] clip, long firstAudioPts, int sampleRate)
    {
        byte[] samples = FfmpegTool.Run("ffmpeg",
        [
            "-hide_banner", "-loglevel", "error", "-f", "mpegts", "-i", "pipe:0", "-map", "0:a:0",
            "-ac", "1", "-ar", $"{sampleRate}", "-f", "s16le", "pipe:1",
        ], stdin: clip);

        // A tone sample above 10 % of full scale after at least 50 ms of quiet starts a burst.
        var onsets = new List<long>();
        int quiet = int.MaxValue;
        for (int n = 0; n < samples.Length / 2; n++)
        {
            short value = BitConverter.ToInt16(samples, n * 2);
            if (Math.Abs((int)value) > 3277)
            {
                if (quiet > sampleRate / 20)
                {
                    onsets.Add(firstAudioPts + (n * 90_000L / sampleRate));
                }

                quiet = 0;
            }
            else if (quiet < int.MaxValue)
            {
                quiet++;
            }
        }

        return onsets;
    }
}
