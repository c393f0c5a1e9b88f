// Invariant 3, judged with the store's own answers over plain HTTP (SwiftAdmin: listings, HEAD,
// GET with its own token) and the proxy's log of what the device sent, never the firmware's client:
//  store      every file gone from the device is in the store (one of this trial's containers)
//             with the ETag = the MD5 the torture computed before the dock, and its body (GET)
//             has that MD5; the device holds nothing the offload should have taken;
//  complete   no container marked `X-Container-Meta-Status: Complete` lacks a clip of its
//             recording;
//  once       no object of a recording the device had confirmed (its journal's `confirmed` line)
//             was sent after that, and — when the fault neither cancels nor kills the offload —
//             no object was stored twice (two 2xx PUTs);
// then invariants 1 and 2 again over the union of what the device kept and the store's copies of
// what it deleted: ffprobe on the store's clips, the chain, and `bodycam verify` of the lot.
// Returns the footage lost: the seconds of clips deleted from the device that the store lacks.
using System.Security.Cryptography;
using System.Text.Json;
using BodyCamDevice.DevServices;
using BodyCamDevice.Torture.Device;
using BodyCamDevice.Torture.Offload;

namespace BodyCamDevice.Torture.Checks;

internal static class StoreInvariants
{
    private sealed record StoredObject(string Container, string Name, long Size, string ETag);

    public static async Task<double> CheckAsync(DockedTrial run, bool storedOnce)
    {
        var trial = run.Trial;
        // A token of its own for each trial: a store killed and started again has forgotten older ones.
        using var admin = new SwiftAdmin(run.Store.AuthUri, run.Store.User, run.Store.Key);
        var workspace = run.Session.Workspace;

        // What the store holds for this trial's officer, object by object (HEAD: size and ETag).
        var containers = (await admin.ListAsync()).Where(container => container.StartsWith(run.Officer + "_", StringComparison.Ordinal)).ToList();
        var objects = new List<StoredObject>();
        var complete = new List<string>();
        foreach (string container in containers)
        {
            var headers = await admin.HeadAsync(container);
            if (headers is not null && headers.TryGetValue("X-Container-Meta-Status", out var status) && status == "Complete")
            {
                complete.Add(container);
            }

            foreach (string name in await admin.ListAsync(container))
            {
                var head = await admin.HeadAsync(container, name);
                if (head is not null)
                {
                    objects.Add(new StoredObject(container, name, long.Parse(head["Content-Length"], System.Globalization.CultureInfo.InvariantCulture), head["ETag"].Trim('"')));
                }
            }
        }

        trial.Log($"store: {containers.Count} containers ({complete.Count} Complete), {objects.Count} objects");

        // store: every file the device no longer holds (or holds changed) is in the store with its MD5.
        var union = new Workspace(Path.Combine(workspace.Root, "union"));
        Directory.CreateDirectory(union.RecordingsDirectory);
        double lost = 0;
        foreach (var file in run.Snapshot.Files)
        {
            string local = Path.Combine(workspace.RecordingsDirectory, file.Name);
            string copy = Path.Combine(union.RecordingsDirectory, file.Name);
            if (File.Exists(local))
            {
                if (new FileInfo(local).Length != file.Size || LocalSnapshot.Md5Of(local) != file.Md5)
                {
                    trial.Break("store", $"{file.Name} is still on the device but no longer the file it was before the dock");
                }

                File.Copy(local, copy);
                continue;
            }

            var stored = objects.FirstOrDefault(item => item.ETag == file.Md5 && item.Size == file.Size);
            if (stored is null)
            {
                trial.Break("store", $"{file.Name} (MD5 {file.Md5}, {file.Size} bytes) was deleted from the device, and the store holds no object with its MD5 and size");
                lost += run.Snapshot.DurationSeconds(file);
                continue;
            }

            byte[]? body = await admin.GetAsync(stored.Container, stored.Name);
            if (body is null || Convert.ToHexStringLower(MD5.HashData(body)) != file.Md5)
            {
                trial.Break("store", $"{stored.Container}/{stored.Name} has ETag {stored.ETag}, but its body {(body is null ? "is not there" : "has another MD5")}");
                lost += run.Snapshot.DurationSeconds(file);
                continue;
            }

            await File.WriteAllBytesAsync(copy, body);
        }

        var left = run.Snapshot.Files.Where(file => File.Exists(Path.Combine(workspace.RecordingsDirectory, file.Name))).Select(file => file.Name).ToList();
        if (left.Count > 0)
        {
            trial.Break("store", $"the offload finished, but the device still holds {string.Join(", ", left)}");
        }

        CheckComplete(trial, run.Snapshot, objects, complete);
        CheckSentOnce(run, storedOnce);

        // Invariants 1 and 2 over the device's and the store's copies together.
        CopyState(workspace.StateDirectory, union.StateDirectory);

        // An encrypted trial's clips are judged on their plaintext, decrypted with openssl from the
        // key objects that went to the store beside them: a clip without one, or one in clear,
        // does not decrypt (EncryptedClips.Decrypt breaks the invariant).
        new Invariants { Plaintext = run.Encryption is { } keys ? keys.Decrypt : null }.Check(trial, union);
        return lost;
    }

    // The device's identity, evidence state and audit log (what the verifier reads), not its recordings or journals.
    private static void CopyState(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        foreach (string directory in Directory.GetDirectories(from).Where(directory => Path.GetFileName(directory) is not ("recordings" or "offload")))
        {
            string target = Directory.CreateDirectory(Path.Combine(to, Path.GetFileName(directory))).FullName;
            CopyState(directory, target);
        }
    }

    // complete: a container marked Complete holds every clip of each recording whose clips it holds.
    private static void CheckComplete(Trial trial, LocalSnapshot snapshot, List<StoredObject> objects, List<string> complete)
    {
        foreach (string container in complete)
        {
            var held = objects.Where(item => item.Container == container).Select(item => item.ETag).ToHashSet(StringComparer.Ordinal);
            var recordings = snapshot.Clips.Where(clip => held.Contains(clip.Md5)).Select(clip => clip.Recording).Distinct().ToList();
            if (recordings.Count == 0)
            {
                trial.Break("complete", $"{container} is marked Complete but holds none of the device's clips");
            }

            foreach (var clip in snapshot.Clips.Where(clip => recordings.Contains(clip.Recording) && !held.Contains(clip.Md5)))
            {
                trial.Break("complete", $"{container} is marked Complete without {clip.Name} (MD5 {clip.Md5})");
            }
        }
    }

    // once: the proxy's log against the device's own confirmations (its journals' `confirmed` lines).
    private static void CheckSentOnce(DockedTrial run, bool storedOnce)
    {
        var trial = run.Trial;
        // Objects only (/v1/<account>/<container>/<object>): a container is made again at every dock.
        var puts = run.Proxy.Requests.Where(request => request.Method == "PUT" && run.OwnPaths(request.Path) && request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Length >= 4).ToList();
        string journals = Path.Combine(run.Session.Workspace.StateDirectory, "offload");
        foreach (string journal in Directory.Exists(journals) ? Directory.GetFiles(journals, "*.jsonl") : [])
        {
            string? container = null;
            DateTimeOffset? confirmed = null;
            foreach (string line in File.ReadLines(journal))
            {
                try
                {
                    using var entry = JsonDocument.Parse(line);
                    var root = entry.RootElement;
                    string? kind = root.GetProperty("event").GetString();
                    if (kind == "container")
                    {
                        container = root.GetProperty("container").GetString();
                    }
                    else if (kind == "confirmed" && confirmed is null)
                    {
                        confirmed = root.GetProperty("utc").GetDateTimeOffset();
                        container = root.TryGetProperty("container", out var named) ? named.GetString() : container;
                    }
                }
                catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    // A line torn by a power cut: the device ignores it too.
                }
            }

            if (container is null || confirmed is not { } at)
            {
                continue;
            }

            foreach (var late in puts.Where(request => request.At > at && request.Path.Contains($"/{container}/", StringComparison.Ordinal)))
            {
                trial.Break("once", $"{late.Path} was sent at {late.At:HH:mm:ss.fff}, after the device had confirmed its recording at {at:HH:mm:ss.fff}");
            }
        }

        var twice = puts.Where(request => request.Status is >= 200 and < 300).GroupBy(request => request.Path).Where(group => group.Count() > 1).ToList();
        foreach (var group in twice)
        {
            if (storedOnce)
            {
                trial.Break("once", $"{group.Key} was stored {group.Count()} times");
            }
            else
            {
                trial.Log($"stored again (allowed after a cancelled or killed offload: it was not confirmed): {group.Key} x{group.Count()}");
            }
        }

        foreach (var request in run.Proxy.Requests)
        {
            trial.Log($"  proxy {request.At:HH:mm:ss.fff} {request.Method} {request.Path} {request.Status}{(request.Injected ? " (injected)" : "")}");
        }

        trial.Log($"proxy: {run.Proxy.Requests.Count} requests, {puts.Count} PUTs, {run.Proxy.Requests.Count(request => request.Injected)} injected or damaged");
    }
}
