// EMULATOR-ONLY. A still of what the camera sees, for the page: at most once a second it copies
// the newest keyframe's MPEG-TS packets out of the pre-record buffer (a reader read to the end,
// then disposed), puts the camera's PAT/PMT in front and has ffmpeg decode that one frame to a
// JPEG. Requests in between get the cached JPEG. The device itself never decodes video; this
// costs one short ffmpeg run per second while someone watches the page, and nothing otherwise.
using System.Diagnostics;
using BodyCamDevice.Firmware.Capture;

namespace BodyCamDevice.Emulator.Capture;

internal sealed class CameraPreview(CapturePipeline pipeline)
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DecodeTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _jpeg;
    private long _takenAt = long.MinValue;

    /// <summary>The newest JPEG (at most a second old), or null while the camera has no keyframe yet.</summary>
    public async Task<byte[]?> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_jpeg is not null && Stopwatch.GetElapsedTime(_takenAt) < MinimumInterval)
            {
                return _jpeg;
            }

            var transportStream = NewestKeyframe();
            if (transportStream is null)
            {
                return _jpeg;
            }

            var jpeg = await DecodeAsync(transportStream, cancellationToken).ConfigureAwait(false);
            if (jpeg is not null)
            {
                _jpeg = jpeg;
                _takenAt = Stopwatch.GetTimestamp();
            }

            return _jpeg;
        }
        finally
        {
            _gate.Release();
        }
    }

    // PAT + PMT + the last keyframe access unit in the buffer, or null when there is none yet.
    private byte[]? NewestKeyframe()
    {
        var tables = pipeline.Camera.ProgramTables;
        if (tables is null)
        {
            return null;
        }

        byte[]? keyframe = null;
        using (var reader = pipeline.Buffer.OpenReader())
        {
            while (true)
            {
                var result = reader.Read();
                if (result.Status == ReadStatus.Empty)
                {
                    break;
                }

                if (result.Status == ReadStatus.Frame && result.Frame.IsKeyframe)
                {
                    keyframe = result.Data.ToArray();
                }
            }
        }

        if (keyframe is null)
        {
            return null;
        }

        var stream = new byte[tables.Pat.Length + tables.Pmt.Length + keyframe.Length];
        tables.Pat.Span.CopyTo(stream);
        tables.Pmt.Span.CopyTo(stream.AsSpan(tables.Pat.Length));
        keyframe.CopyTo(stream.AsSpan(tables.Pat.Length + tables.Pmt.Length));
        return stream;
    }

    private static async Task<byte[]?> DecodeAsync(byte[] transportStream, CancellationToken cancellationToken)
    {
        var ffmpeg = FfmpegOnPath.Find();
        if (ffmpeg is null)
        {
            return null;
        }

        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-hide_banner", "-loglevel", "error", "-f", "mpegts", "-i", "pipe:0", "-frames:v", "1", "-f", "image2", "-c:v", "mjpeg", "-q:v", "5", "pipe:1" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DecodeTimeout);
        try
        {
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            using var output = new MemoryStream();
            var reading = process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token);
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(transportStream, timeout.Token).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // ffmpeg stopped reading (it had its frame, or gave up): its exit says which.
            }

            process.StandardInput.Close();
            await reading.ConfigureAwait(false);
            await errors.ConfigureAwait(false);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            var jpeg = output.ToArray();
            return process.ExitCode == 0 && jpeg.Length > 2 && jpeg[0] == 0xFF && jpeg[1] == 0xD8 ? jpeg : null;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return null;
        }
    }
}
