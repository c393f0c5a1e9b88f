// A recording as the offload policy sees it, with nothing on disk: one 5.5 min clip from 30 s
// before the trigger, for the tests of ordering, retention and layout that need only its fields.
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Offload.Tests;

internal static class OffloadRecordingSamples
{
    public static OffloadRecording Recording(string id, DateTimeOffset trigger) => new()
    {
        RecordingId = id,
        DeviceSerial = "BC-000123",
        OfficerId = "4711",
        FirmwareVersion = "1.0",
        TriggerOn = new OffloadMoment("RecordButton", trigger),
        Start = trigger.AddSeconds(-30),
        Stop = trigger.AddMinutes(5),
        Clips = [new OffloadClip(1, trigger.AddSeconds(-30), trigger.AddMinutes(5), new OffloadFile("/x.mp4", 1, "00"))],
    };
}
