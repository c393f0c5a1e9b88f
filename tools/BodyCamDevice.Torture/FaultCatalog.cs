// Every fault the torture knows, in the order a run takes them. A new kind of fault (offload,
// docking) is one more class here.
using BodyCamDevice.Torture.Faults;

namespace BodyCamDevice.Torture;

internal static class FaultCatalog
{
    public static IReadOnlyList<Fault> All() =>
    [
        new PowerCutFault(),
    ];
}
