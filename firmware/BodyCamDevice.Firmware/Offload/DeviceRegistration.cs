// The camera's own object in the store, Devices/<serial>, written at each dock: metadata Active,
// Name and Model as the API has them, and as its body the device's public signing key (PEM), so
// the back office holds the key that verifies the camera's signed manifests.
using System.Text;
using BodyCamDevice.Firmware.Offload.Bwi;
using BodyCamDevice.Firmware.Offload.Policy;
using BodyCamDevice.Firmware.Offload.Store;

namespace BodyCamDevice.Firmware.Offload;

internal static class DeviceRegistration
{
    public static async Task RegisterAsync(SwiftStoreClient store, StoreRetry retry, string serial, string model, string? signingKeyPem, CancellationToken cancellationToken)
    {
        // Made once per store: a container write is slow (the store syncs its database), a HEAD is not.
        if (await retry.RunAsync(token => store.HeadContainerAsync(BwiNames.DevicesContainer, token), cancellationToken).ConfigureAwait(false) is null)
        {
            await retry.RunAsync(token => store.PutContainerAsync(BwiNames.DevicesContainer, [], token), cancellationToken).ConfigureAwait(false);
        }

        var body = Encoding.UTF8.GetBytes(signingKeyPem ?? "");
        var md5 = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(body));
        var headers = RecordingUpload.ObjectHeaders([new("Active", "True"), new("Name", serial), new("Model", model)], deleteAt: null);
        await retry.RunAsync(
            token => store.PutObjectAsync(BwiNames.DevicesContainer, serial, UploadBody.FromBytes(body), md5, "application/x-pem-file", headers, null, token),
            cancellationToken).ConfigureAwait(false);
    }
}
