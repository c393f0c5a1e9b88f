// Everything the pre-record buffer would hand a recording started now: its frames with a copy of
// their bytes, in order. Fails on a gap unless the test expects gaps and collects them.
using BodyCamDevice.Firmware.Capture;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

internal static class BufferedFrames
{
    public static List<(EncodedFrame Frame, byte[] Data)> Read(PreRecordBuffer buffer, List<FrameGap>? gaps = null)
    {
        var frames = new List<(EncodedFrame, byte[])>();
        using PreRecordReader reader = buffer.OpenReader();
        while (reader.Read() is { Status: not ReadStatus.Empty } result)
        {
            if (result.Status == ReadStatus.Gap && gaps is not null)
            {
                gaps.Add(result.Gap);
                continue;
            }

            Assert.That(result.Status, Is.EqualTo(ReadStatus.Frame), $"gap {result.Gap}");
            frames.Add((result.Frame, result.Data.ToArray()));
        }

        return frames;
    }
}
