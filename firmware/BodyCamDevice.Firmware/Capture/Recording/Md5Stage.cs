// MD5 of the clip while it is written (HashingStage), for the evidence store: the offload sends it
// as the PUT's ETag and the store refuses a body that does not match (422), so a clip damaged
// between the card and the store is caught without reading the clip again at the dock. Sits
// directly in front of the file stage, so the digest is that of the bytes on storage (ciphertext
// once an encryption stage is in front of it), which is what the store receives. MD5 is the
// store's checksum here, not a seal: the SHA-256 and the signed manifest are the evidence.
using System.Security.Cryptography;

namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed class Md5Stage(IRecordingStage next) : HashingStage(next, HashAlgorithmName.MD5);
