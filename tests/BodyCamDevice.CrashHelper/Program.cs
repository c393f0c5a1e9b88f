// Records an MPEG-TS file as if it came live from the camera, in real time, and reports on
// stdout what it fed and what became durable, until it is killed:
//   usage: BodyCamDevice.CrashHelper TS_FILE OUTPUT_DIRECTORY CLIP_SECONDS TRIGGER_SECONDS [STATE_DIRECTORY [STORE_PUBLIC_KEY_PEM]]
//   With a state directory the clips are written as the device writes them as evidence: manifests
//   signed with the device key there (made if missing) and chained, the open clip's journal kept;
//   with the evidence store's public key too, encrypted to it.
//   fed SEQUENCE           a video frame appended to the pre-record buffer
//   durable CLIP BYTES     a clip's first BYTES bytes are synced to storage
//   sealed CLIP            a clip and its manifest are complete
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Evidence;
using BodyCamDevice.Firmware.Evidence.Encryption;
using BodyCamDevice.Firmware.Evidence.Identity;
using BodyCamDevice.Firmware.Evidence.Manifests;
using BodyCamDevice.Firmware.Evidence.Recovery;
using BodyCamDevice.Firmware.Tests.Capture.Recording;

if (args.Length is < 4 or > 6)
{
    Console.Error.WriteLine("usage: BodyCamDevice.CrashHelper TS_FILE OUTPUT_DIRECTORY CLIP_SECONDS TRIGGER_SECONDS [STATE_DIRECTORY [STORE_PUBLIC_KEY_PEM]]");
    return 2;
}

EncodedStream stream = EncodedStream.Split(File.ReadAllBytes(args[0]));
var options = new RecordingOptions
{
    Directory = args[1],
    DeviceSerial = "BC-000123",
    FirmwareVersion = "0.1.0-crash",
    ClipLength = TimeSpan.FromSeconds(double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)),
};
long triggerTicks = (long)(double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) * 90_000);

var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(2) });
long first = stream.Units[0].Info.Pts;
int index = 0;
for (; index < stream.Units.Count && stream.Units[index].Info.Pts - first < triggerTicks; index++)
{
    Fed(index, stream.AppendTo(buffer, index));
}

long triggerPts = stream.Units.Take(index).Last(unit => unit.Kind == MediaStreamKind.Video).Info.Pts;
var trigger = new RecordingTrigger(new RecordingStartRequest(TriggerSource.RecordButton, DateTimeOffset.UtcNow), triggerPts, stream.Pat, stream.Pmt);
ClipEvidence? evidence = null;
if (args.Length >= 5)
{
    string state = args[4];
    var key = FileDeviceSigningKey.LoadOrCreate(FileDeviceSigningKey.PathIn(state));
    evidence = new ClipEvidence
    {
        Sealer = new ManifestSealer(key, ManifestChain.Open(ManifestChain.PathIn(state), options.Directory)),
        Journal = new OpenClipJournal(OpenClipJournal.PathIn(state)),
        Encryption = args.Length == 6 ? DestinationKey.Parse(File.ReadAllText(args[5]), "store-key-1") : null,
    };
}

RecordingSession.Start(buffer.OpenReader(), trigger, options, new RecordingServices { Observer = new Reporter(), Evidence = evidence });

// Live: each frame at its own time after the trigger.
var clock = System.Diagnostics.Stopwatch.StartNew();
for (; index < stream.Units.Count; index++)
{
    TimeSpan due = TimeSpan.FromSeconds((stream.Units[index].Info.Pts - triggerPts) / 90_000.0);
    if (due > clock.Elapsed)
    {
        Thread.Sleep(due - clock.Elapsed);
    }

    Fed(index, stream.AppendTo(buffer, index));
}

// Keep the recording open until the test kills the process.
Thread.Sleep(Timeout.Infinite);
return 0;

void Fed(int unit, AppendResult result)
{
    if (stream.Units[unit].Kind == MediaStreamKind.Video && result.Stored)
    {
        Console.WriteLine($"fed {result.Sequence}");
    }
}

internal sealed class Reporter : IRecordingObserver
{
    public void Durable(string recordingId, int clipIndex, DurableProgress progress) =>
        Console.WriteLine($"durable {clipIndex} {progress.DurableBytes}");

    public void ClipSealed(ClipManifest manifest) => Console.WriteLine($"sealed {manifest.ClipIndex}");
}
