// Every fault the torture knows, in the order a run takes them. A new kind of fault (offload,
// docking) is one more class here.
using BodyCamDevice.Torture.Faults;

namespace BodyCamDevice.Torture;

internal static class FaultCatalog
{
    /// <param name="edgesPerInput">Edges per input in an input-storm trial.</param>
    public static IReadOnlyList<Fault> All(int edgesPerInput = 10_000) =>
    [
        new PowerCutFault(),
        new EncryptedPowerCutFault(),
        new EncoderKilledFault(),
        new EncoderStoppedFault(),
        new EncoderGarbageFault(),
        new CameraMissingFault(),
        new StorageFullFault(),
        new StorageReadOnlyFault(),
        new ForeignFilesFault(),
        new ClockJumpFault(),
        new InputStormFault(edgesPerInput),
        new ControlApiAbuseFault(),
        new StoreKilledFault(),
        new NetworkCutFault(),
        new StoreBusyFault(),
        new StoreFullFault(),
        new StoreCorruptingFault(),
        new TokenExpiryFault(),
        new UndockMidClipFault(),
        new OffloadPowerCutFault(),
        new ReplicaDownFault(),
    ];
}
