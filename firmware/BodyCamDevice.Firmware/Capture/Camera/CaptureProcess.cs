// The program that feeds raw frames to ffmpeg (rpicam-vid for the Pi camera module). Its stdout is
// handed to FFMpegCore as ffmpeg's input pipe; its stderr is drained (a full stderr pipe would
// stall it) and the last lines kept for the failure report. Owned by one encoder run, which kills
// it when the run ends, whichever of the two processes ended first.
using System.Diagnostics;

namespace BodyCamDevice.Firmware.Capture.Camera;

internal sealed class CaptureProcess : IDisposable
{
    private readonly Process _process;
    private readonly MessageTail _stderr = new(5);
    private int _exitCode;
    private volatile bool _exited;

    private CaptureProcess(Process process)
    {
        _process = process;
    }

    public Stream Output => _process.StandardOutput.BaseStream;

    // onExit runs on a thread-pool thread when the program ends, for whatever reason (also when
    // Dispose kills it), after its stderr has been read to the end.
    public static CaptureProcess Start(CaptureCommand command, Action<CaptureProcess> onExit)
    {
        var startInfo = new ProcessStartInfo(command.Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var capture = new CaptureProcess(process);
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                capture._stderr.Add(text);
            }
        };
        process.Exited += (_, _) =>
        {
            try
            {
                // Waits for stderr to be read to the end; the exit code is kept for Describe.
                process.WaitForExit();
                capture._exitCode = process.ExitCode;
                capture._exited = true;
            }
            catch (InvalidOperationException)
            {
                // Disposed by the run in the meantime: the run is over and needs no reason.
            }

            onExit(capture);
        };
        process.Start();
        process.BeginErrorReadLine();
        return capture;
    }

    // For the failure report: how the capture program ended, if it did.
    public string Describe()
    {
        string name = Path.GetFileName(_process.StartInfo.FileName);
        return _exited ? $"{name} exited with code {_exitCode}{_stderr.Format()}" : $"{name} was still running";
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(1000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
