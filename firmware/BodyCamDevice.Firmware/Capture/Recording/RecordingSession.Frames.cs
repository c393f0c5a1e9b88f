// Where each frame the reader hands out goes: the clip being written, the next clip (a keyframe
// after the clip length), nowhere (pre-roll audio by policy, the audio unit already written
// ahead of its turn), or into the record of a gap. Writer task only.
//
// Audio ahead of its turn: a clip's first audio unit is found by FirstAudioLookahead, written
// right after the clip's first keyframe, and skipped when the reader reaches it (see there).
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed partial class RecordingSession
{
    // Audio whose timestamp is below this is pre-roll audio and left out (long.MinValue keeps it).
    // Audio after a camera restart is never pre-roll (its timestamps start again).
    private long _audioThreshold;
    private readonly bool _streamHasAudio;

    private ClipWriter? _clip;
    private int _nextClipIndex = 1;

    // Ties the current camera run's timestamps to UTC: the trigger's mapping, replaced by the
    // camera's clock sample when the camera has restarted (its timestamps start again).
    private StreamClockSample _anchor;

    // Set while the recording waits for the camera after a failure: the last frame read and the
    // UTC time the last video frame written ends, for the outage's gap in the next clip's manifest.
    private (long LastSequence, DateTimeOffset LastVideoUtc)? _interrupted;

    // Set when free space ran out at a clip boundary: the recording has ended with that clip.
    private bool _outOfStorage;

    // The audio unit written ahead of its turn into the current clip; -1 for none.
    private long _writtenAhead = -1;

    // Gaps are timed by the video frames around them: the last one read before the gap and the
    // first one after it, which closes the gaps still open. Audio is no good for this: an MPEG-TS
    // muxer may pack up to a third of a second of audio into one unit and interleave it early.
    private long _lastVideoPts;
    private readonly List<FrameGap> _openGaps = [];

    // Wall-clock steps seen and not yet put into a clip's manifest (TakeMarkersInto), each with
    // the timestamp of the last video frame read before it was seen.
    private readonly List<(WallClockStep Step, long VideoPts)> _clockSteps = [];

    // True when the reader has nothing more for now.
    private async Task<bool> ProcessAvailableAsync(int budget)
    {
        for (int n = 0; n < budget && !_outOfStorage; n++)
        {
            ReadResult result = _reader.Read();
            switch (result.Status)
            {
                case ReadStatus.Empty:
                    return true;
                case ReadStatus.Gap:
                    if (_clip is not null)
                    {
                        _openGaps.Add(result.Gap);
                        _clip.Statistics.OnLost(result.Gap);
                    }

                    break;
                case ReadStatus.Frame:
                    if (result.Frame.Kind == MediaStreamKind.Video)
                    {
                        CloseGaps(result.Frame.PresentationTimestamp);
                    }

                    await OnFrameAsync(result.Frame, result.Data).ConfigureAwait(false);
                    if (result.Frame.Kind == MediaStreamKind.Video)
                    {
                        _lastVideoPts = result.Frame.PresentationTimestamp;
                    }

                    Volatile.Write(ref _lastSequenceRead, result.Frame.Sequence);
                    break;
            }
        }

        return false;
    }

    private async ValueTask OnFrameAsync(EncodedFrame frame, ReadOnlyMemory<byte> data)
    {
        if (frame.IsDiscontinuity && _clip is not null && CameraRestarted())
        {
            // The restarted camera's frames reached the writer before the failure report did.
            await SealForCameraRestartAsync().ConfigureAwait(false);
        }

        if (_clip is null)
        {
            // The reader starts at a keyframe; anything before one cannot be decoded.
            if (frame.IsKeyframe)
            {
                ManifestGap? outage = _interrupted is { } interruption ? ResumeAfterCameraRestart(interruption, frame) : null;
                await OpenClipAsync(_nextClipIndex, frame, data).ConfigureAwait(false);
                if (outage is not null)
                {
                    _clip!.Gaps.Add(outage);
                }
            }

            return;
        }

        ClipStatistics statistics = _clip.Statistics;
        if (frame.Kind == MediaStreamKind.Video)
        {
            long clipLength = MediaClock.FromTimeSpan(_options.ClipLength);
            if (frame.IsKeyframe && frame.PresentationTimestamp - _clip.StartVideoPts >= clipLength)
            {
                await SplitAsync(frame, data).ConfigureAwait(false);
            }
            else
            {
                await _clip.WriteAsync(frame, data).ConfigureAwait(false);
            }
        }
        else if (frame.Sequence == _writtenAhead)
        {
            statistics.Saw(frame.Sequence);
        }
        else if (frame.PresentationTimestamp < _audioThreshold || frame.Sequence < _writtenAhead)
        {
            // Pre-roll audio; also anything older than the unit written ahead, which would reach
            // the muxer out of order.
            statistics.OnPreRollAudioExcluded(frame.Sequence);
        }
        else if (!_clip.HasAudio)
        {
            statistics.OnAudioWithoutTrack(frame.Sequence);
        }
        else
        {
            await _clip.WriteAsync(frame, data).ConfigureAwait(false);
        }
    }

    // nextVideoPts: the first video frame after the open gaps; at the end of a clip, the last
    // one written (the gap then lasts until the clip ends).
    private void CloseGaps(long nextVideoPts)
    {
        if (_clip is null)
        {
            _openGaps.Clear();
            return;
        }

        DateTimeOffset from = _anchor.UtcAt(_lastVideoPts);
        DateTimeOffset to = _anchor.UtcAt(nextVideoPts);
        foreach (FrameGap gap in _openGaps)
        {
            _clip.Gaps.Add(ManifestGap.Of(gap.FirstSequence, gap.LastSequence, gap.Count, from, to, ManifestGap.FramesLost));
        }

        _openGaps.Clear();
    }

    // Whether the camera is on a run other than the one the recording's timestamps belong to.
    private bool CameraRestarted() => _services.CameraClock?.Invoke() is { } sample && sample.Run != _anchor.Run;

    // The camera failed (or has already restarted): seal the open clip with what it has; the
    // recording continues in the next clip once the camera delivers a keyframe again.
    private async Task SealForCameraRestartAsync()
    {
        if (_clip is not { } clip)
        {
            return;
        }

        // The outage starts where the clip's last frame ends (the clip's stop time).
        DateTimeOffset lastVideoUtc = clip.Anchor.UtcAt(clip.Statistics.FirstVideoPts + clip.Statistics.VideoSpan);
        long lastSequence = clip.Statistics.LastSequence;
        await CloseClipAsync(ClipEnding.CameraFault).ConfigureAwait(false);
        _interrupted = (lastSequence, lastVideoUtc);
    }

    // At the restarted camera's first keyframe: its timestamps start again, so it takes the
    // camera's new clock sample and keeps all its audio. Returns the outage, as the new clip's gap.
    private ManifestGap ResumeAfterCameraRestart((long LastSequence, DateTimeOffset LastVideoUtc) interruption, EncodedFrame keyframe)
    {
        _interrupted = null;
        if (_services.CameraClock?.Invoke() is { } sample)
        {
            _anchor = sample;
        }

        _audioThreshold = long.MinValue;
        _lastVideoPts = keyframe.PresentationTimestamp;
        DateTimeOffset resumed = _anchor.UtcAt(keyframe.PresentationTimestamp);
        long skipped = keyframe.Sequence - interruption.LastSequence - 1;
        return ManifestGap.Of(
            interruption.LastSequence + 1, keyframe.Sequence - 1, skipped, interruption.LastVideoUtc, resumed, ManifestGap.CameraRestart);
    }

    private async Task SplitAsync(EncodedFrame keyframe, ReadOnlyMemory<byte> data)
    {
        int next = _nextClipIndex;
        if (MeasureStorage() == StorageLevel.Full)
        {
            _outOfStorage = true;
            await CloseClipAsync(ClipEnding.Stop(StopReason.StorageFull, _services.Time.GetUtcNow())).ConfigureAwait(false);
            return;
        }

        await CloseClipAsync(ClipEnding.Split).ConfigureAwait(false);
        await OpenClipAsync(next, keyframe, data).ConfigureAwait(false);
    }

    // The muxer is made before the first audio unit is looked for; if none comes, it is replaced
    // by one without an audio track (having read nothing, it has written nothing).
    private async Task OpenClipAsync(int index, EncodedFrame keyframe, ReadOnlyMemory<byte> data)
    {
        ClipWriter clip = ClipWriter.Start(_context!, index, _anchor, includeAudio: _streamHasAudio);
        try
        {
            AudioHead? audio = _streamHasAudio
                ? await FirstAudioLookahead.FindAsync(_reader, keyframe, _audioThreshold, _options, _services.Time, _poll, () => Stopping).ConfigureAwait(false)
                : null;
            if (_streamHasAudio && audio is null)
            {
                await clip.AbandonAsync().ConfigureAwait(false);
                clip = ClipWriter.Start(_context!, index, _anchor, includeAudio: false);
            }

            await clip.WriteHeadAsync(keyframe, data, audio).ConfigureAwait(false);
            _writtenAhead = audio?.Frame.Sequence ?? -1;
            _clip = clip;
            _nextClipIndex = index + 1;
        }
        catch
        {
            await clip.AbandonAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task CloseClipAsync(ClipEnding ending)
    {
        if (_clip is not { } clip)
        {
            return;
        }

        CloseGaps(_lastVideoPts);
        _clip = null;
        TakeMarkersInto(clip);
        (ClipManifest manifest, ClipMuxerResult result) = await clip.CloseAsync(ending).ConfigureAwait(false);
        _sealed.Add(manifest);
        _services.Observer.ClipSealed(manifest);
        if (!result.Success)
        {
            throw new IOException(
                $"clip {clip.Index} of {clip.RecordingId} did not complete: {result.Failure!.Message}{(result.Diagnostics.Count > 0 ? "; " + string.Join(" | ", result.Diagnostics) : "")}",
                result.Failure);
        }
    }

    // After a failure: seal what the clip has (the muxer finishes with the input it got).
    private async Task AbandonClipAsync()
    {
        try
        {
            await CloseClipAsync(ClipEnding.Fault(_services.Time.GetUtcNow())).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The recording has already failed; this was the best effort to keep its last clip.
        }
    }

    private void TakeMarkersInto(ClipWriter clip)
    {
        while (_markers.TryDequeue(out RecordingMarker? marker))
        {
            clip.Markers.Add(ManifestJson.Event(marker.Source, marker.Time));
        }

        while (_trackPoints.TryDequeue(out var point))
        {
            clip.AddTrackPoint(ManifestJson.Location(point)!, _options.MaxTrackPointsPerClip);
        }

        // A step seen while no clip was open (between a camera failure and its return) goes into
        // the next clip, at its start.
        foreach ((WallClockStep step, long videoPts) in _clockSteps)
        {
            double at = Math.Max(0, videoPts - clip.StartVideoPts) / (double)MediaClock.TicksPerSecond;
            clip.ClockSteps.Add(new ManifestClockStep(
                Math.Round(at, 3), ManifestJson.Utc(step.From), ManifestJson.Utc(step.To), Math.Round(step.Size.TotalSeconds, 3)));
        }

        _clockSteps.Clear();
    }
}
