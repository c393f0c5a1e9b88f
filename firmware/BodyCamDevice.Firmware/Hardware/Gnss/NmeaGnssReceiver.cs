// A GNSS receiver that speaks NMEA 0183: lines from its serial port (or any stream) are decoded
// on the receiver's own thread and each fix is handed to onFix (the controller's OnGnssFix,
// which posts it into the device loop). Feed takes a line from elsewhere through the same
// decoder: the emulator's virtual receiver sends its sentences that way.
// Threads: one reading thread per started stream; Feed may be called from any thread (the
// decoder is used under a lock). onFix runs on the calling thread and must not block.
// Ownership: the stream given to Start is the receiver's and is closed on Dispose.
using System.Text;
using BodyCamDevice.Firmware.Core.Location;

namespace BodyCamDevice.Firmware.Hardware.Gnss;

public sealed class NmeaGnssReceiver : IDisposable
{
    private readonly NmeaSentenceDecoder _decoder = new();
    private readonly Action<GnssFix> _onFix;
    private readonly Lock _lock = new();
    private Stream? _stream;
    private readonly TaskCompletionSource _readingEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;
    private volatile bool _disposed;

    public NmeaGnssReceiver(Action<GnssFix> onFix)
    {
        _onFix = onFix;
    }

    /// <summary>Set when the stream ended or failed; the receiver reads no more.</summary>
    public string? StreamError { get; private set; }

    /// <summary>Completes when the reading thread has ended (the stream ended, failed or was closed), every fix it read handed on.</summary>
    public Task ReadingEnded => _readingEnded.Task;

    public (long Accepted, long Rejected, string? LastError) Statistics
    {
        get
        {
            lock (_lock)
            {
                return (_decoder.Accepted, _decoder.Rejected, _decoder.LastError);
            }
        }
    }

    /// <summary>Starts reading lines from <paramref name="stream"/> (a serial port's) on a thread of its own.</summary>
    public void Start(Stream stream)
    {
        _stream = stream;
        _thread = new Thread(ReadLines) { IsBackground = true, Name = "gnss-nmea" };
        _thread.Start();
    }

    /// <summary>One line of receiver output, through the same decoder as the serial port's.</summary>
    public void Feed(string line)
    {
        GnssFix? fix;
        lock (_lock)
        {
            fix = _decoder.Decode(line);
        }

        if (fix is not null)
        {
            _onFix(fix);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _stream?.Dispose();
        _thread?.Join(TimeSpan.FromSeconds(2));
    }

    private void ReadLines()
    {
        try
        {
            // NMEA is ASCII; Latin-1 keeps line noise on a UART from throwing.
            using var reader = new StreamReader(_stream!, Encoding.Latin1);
            while (reader.ReadLine() is { } line)
            {
                Feed(line);
            }

            StreamError = "the serial stream ended";
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            if (!_disposed)
            {
                StreamError = exception.Message;
            }
        }
        finally
        {
            _readingEnded.TrySetResult();
        }
    }
}
