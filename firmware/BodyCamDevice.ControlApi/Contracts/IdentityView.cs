namespace BodyCamDevice.ControlApi.Contracts;

/// <summary>
/// GET /api/identity: the camera's serial and the public half of the key that signs its manifests
/// and audit checkpoints (SubjectPublicKeyInfo PEM; Fingerprint: lower-case hex SHA-256 of its DER,
/// the JWS "kid"). What `bodycam verify --key` takes. A rig checks recordings with it; an evidence
/// store registers the key at enrolment rather than trusting a device's word for it.
/// </summary>
public sealed record IdentityView(string Serial, string PublicKeyPem, string Fingerprint);
