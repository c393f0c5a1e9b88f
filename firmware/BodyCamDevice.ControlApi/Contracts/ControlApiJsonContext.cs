// Source-generated JSON for every type the control API reads or writes, so the API needs no
// reflection: the device build is trimmed, and a type missing here fails in the tests (which use
// the same strict resolver) rather than on a rig. ControlApiJson adds the API's naming and
// converters on top.
using System.Text.Json.Serialization;
using BodyCamDevice.ControlApi.Analysis;

namespace BodyCamDevice.ControlApi.Contracts;

[JsonSerializable(typeof(StatusView))]
[JsonSerializable(typeof(IdentityView))]
[JsonSerializable(typeof(InputView))]
[JsonSerializable(typeof(IReadOnlyList<InputView>))]
[JsonSerializable(typeof(InputView[]))]
[JsonSerializable(typeof(GestureView))]
[JsonSerializable(typeof(IReadOnlyList<OutputView>))]
[JsonSerializable(typeof(OutputView[]))]
[JsonSerializable(typeof(OutputTraceView))]
[JsonSerializable(typeof(OutputEventView))]
[JsonSerializable(typeof(IReadOnlyList<ToneView>))]
[JsonSerializable(typeof(ToneView[]))]
[JsonSerializable(typeof(AuditView))]
[JsonSerializable(typeof(IReadOnlyList<AuditView>))]
[JsonSerializable(typeof(AuditView[]))]
[JsonSerializable(typeof(IReadOnlyList<RecordingView>))]
[JsonSerializable(typeof(RecordingView[]))]
[JsonSerializable(typeof(SnapshotView))]
[JsonSerializable(typeof(BlinkSummary))]
[JsonSerializable(typeof(BeepSummary))]
[JsonSerializable(typeof(LevelRequest))]
[JsonSerializable(typeof(PressRequest))]
[JsonSerializable(typeof(DockRequest))]
[JsonSerializable(typeof(BatteryRequest))]
[JsonSerializable(typeof(StorageRequest))]
[JsonSerializable(typeof(FaultRequest))]
[JsonSerializable(typeof(GnssRequest))]
[JsonSerializable(typeof(RtcRequest))]
[JsonSerializable(typeof(ErrorView))]
[JsonSerializable(typeof(CameraView))]
[JsonSerializable(typeof(CategoriesView))]
[JsonSerializable(typeof(RecordingCategoriesView))]
[JsonSerializable(typeof(CategoriesRequest))]
internal sealed partial class ControlApiJsonContext : JsonSerializerContext;
