// The last few lines a process wrote to stderr, for a failure report. Lines arrive on the
// process's reader thread and are read from another, hence the lock.
namespace BodyCamDevice.Firmware.Capture.Camera;

internal sealed class MessageTail(int capacity)
{
    private readonly Queue<string> _lines = new(capacity);
    private readonly Lock _gate = new();

    public void Add(string line)
    {
        if (line.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    // ": line; line" or empty.
    public string Format()
    {
        lock (_gate)
        {
            return _lines.Count == 0 ? "" : ": " + string.Join("; ", _lines);
        }
    }
}
