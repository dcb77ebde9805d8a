//! Playback: a pure reducer over the playhead. The browser timer that drives `Tick` exists only while
//! `playing` (see `hooks::use_playback_timer`).

/// The speeds offered, simulated seconds per real second.
pub const SPEEDS: [u32; 6] = [1, 2, 5, 10, 60, 300];

/// Where the playhead is and how it moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaybackState {
    /// The playhead, ms since creation.
    pub t_ms: i64,
    /// Advancing on the timer.
    pub playing: bool,
    /// Simulated ms per real ms.
    pub speed: u32,
    /// End of the run.
    pub end_ms: i64,
}

impl Default for PlaybackState {
    fn default() -> Self {
        PlaybackState { t_ms: 0, playing: false, speed: 10, end_ms: 0 }
    }
}

/// What can happen to playback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaybackAction {
    /// Start advancing (from the start when at the end).
    Play,
    /// Stop advancing.
    Pause,
    /// Play or pause.
    Toggle,
    /// Move to the next (+1) or previous (−1) moment something changed; pauses.
    Step(i8),
    /// Move the playhead (clamped to the run).
    Seek(i64),
    /// `real_ms` of wall time passed while playing.
    Tick(i64),
    /// Change the speed.
    SetSpeed(u32),
    /// Back to zero and play.
    Restart,
}

impl PlaybackState {
    /// The state after `action`; `stops` are the run's change times, sorted.
    pub fn apply(&self, action: PlaybackAction, stops: &[i64]) -> PlaybackState {
        let mut s = self.clone();
        match action {
            PlaybackAction::Play => {
                if s.t_ms >= s.end_ms {
                    s.t_ms = 0;
                }
                s.playing = true;
            }
            PlaybackAction::Pause => s.playing = false,
            PlaybackAction::Toggle => {
                return self
                    .apply(if s.playing { PlaybackAction::Pause } else { PlaybackAction::Play }, stops)
            }
            PlaybackAction::Step(dir) => {
                s.playing = false;
                let i = if dir >= 0 {
                    stops.partition_point(|&x| x <= s.t_ms)
                } else {
                    stops.partition_point(|&x| x < s.t_ms).wrapping_sub(1)
                };
                s.t_ms = match stops.get(i) {
                    Some(&t) => t,
                    None if dir >= 0 => s.end_ms,
                    None => 0,
                };
            }
            PlaybackAction::Seek(t) => s.t_ms = t.clamp(0, s.end_ms.max(0)),
            PlaybackAction::Tick(real_ms) => {
                if !s.playing {
                    return s;
                }
                s.t_ms = s.t_ms.saturating_add(real_ms.max(0).saturating_mul(i64::from(s.speed)));
                if s.t_ms >= s.end_ms {
                    s.t_ms = s.end_ms;
                    s.playing = false;
                }
            }
            PlaybackAction::SetSpeed(v) => s.speed = v.max(1),
            PlaybackAction::Restart => {
                s.t_ms = 0;
                s.playing = true;
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlaybackAction::*;

    fn at(t_ms: i64) -> PlaybackState {
        PlaybackState { t_ms, playing: false, speed: 10, end_ms: 600_000 }
    }

    #[test]
    fn ticks_advance_only_while_playing_and_stop_at_the_end() {
        let s = at(0).apply(Tick(100), &[]);
        assert_eq!(s.t_ms, 0);
        let s = s.apply(Play, &[]).apply(Tick(100), &[]);
        assert_eq!(s.t_ms, 1_000);
        let s = s.apply(SetSpeed(300), &[]).apply(Tick(10_000), &[]);
        assert_eq!((s.t_ms, s.playing), (600_000, false));
        // Play at the end starts over.
        assert_eq!(s.apply(Play, &[]).t_ms, 0);
    }

    #[test]
    fn steps_go_from_stop_to_stop_and_pause() {
        let stops = [0, 1_000, 3_300, 60_000];
        let s = at(0).apply(Play, &stops).apply(Step(1), &stops);
        assert_eq!((s.t_ms, s.playing), (1_000, false));
        assert_eq!(s.apply(Step(1), &stops).t_ms, 3_300);
        assert_eq!(at(2_000).apply(Step(-1), &stops).t_ms, 1_000);
        assert_eq!(at(1_000).apply(Step(-1), &stops).t_ms, 0);
        assert_eq!(at(0).apply(Step(-1), &stops).t_ms, 0);
        assert_eq!(at(60_000).apply(Step(1), &stops).t_ms, 600_000);
    }

    #[test]
    fn seek_clamps_toggle_flips_restart_plays() {
        assert_eq!(at(0).apply(Seek(-5), &[]).t_ms, 0);
        assert_eq!(at(0).apply(Seek(9_999_999), &[]).t_ms, 600_000);
        assert!(at(0).apply(Toggle, &[]).playing);
        assert!(!at(0).apply(Toggle, &[]).apply(Toggle, &[]).playing);
        let s = at(5_000).apply(Restart, &[]);
        assert_eq!((s.t_ms, s.playing), (0, true));
    }
}
