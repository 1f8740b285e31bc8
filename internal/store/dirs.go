package store

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// Dirs are where the tool keeps what it writes on this machine: drafts of
// unfinished assessments (state) and finished results (data, the history).
type Dirs struct {
	State string
	Data  string
}

// Drafts is the directory of unfinished assessments.
func (d Dirs) Drafts() string { return d.State }

// Results is the directory of finished results: the history.
func (d Dirs) Results() string { return filepath.Join(d.Data, "results") }

// UserDirs works out the directories from the environment:
// $XDG_STATE_HOME/convergence and $XDG_DATA_HOME/convergence, else the
// platform's equivalents (~/.local/state and ~/.local/share on Unix,
// ~/Library/Application Support on macOS, %LocalAppData% on Windows).
// A relative XDG value is ignored, as the XDG Base Directory specification
// requires: it would put the history wherever the command happens to run.
func UserDirs(getenv func(string) string) (Dirs, error) {
	const app = "convergence"
	xdg := func(key string) string {
		if v := getenv(key); filepath.IsAbs(v) {
			return v
		}
		return ""
	}
	state, data := xdg("XDG_STATE_HOME"), xdg("XDG_DATA_HOME")
	if state != "" && data != "" {
		return Dirs{State: filepath.Join(state, app), Data: filepath.Join(data, app)}, nil
	}
	var base Dirs
	switch runtime.GOOS {
	case "windows":
		local := getenv("LocalAppData")
		if local == "" {
			return Dirs{}, errors.New("cannot find the user's data directory: %LocalAppData% is not set")
		}
		base = Dirs{State: filepath.Join(local, app, "state"), Data: filepath.Join(local, app)}
	case "darwin":
		home, err := home(getenv)
		if err != nil {
			return Dirs{}, err
		}
		support := filepath.Join(home, "Library", "Application Support", app)
		base = Dirs{State: filepath.Join(support, "state"), Data: support}
	default:
		home, err := home(getenv)
		if err != nil {
			return Dirs{}, err
		}
		base = Dirs{State: filepath.Join(home, ".local", "state", app), Data: filepath.Join(home, ".local", "share", app)}
	}
	if state != "" {
		base.State = filepath.Join(state, app)
	}
	if data != "" {
		base.Data = filepath.Join(data, app)
	}
	return base, nil
}

func home(getenv func(string) string) (string, error) {
	if h := getenv("HOME"); h != "" {
		return h, nil
	}
	h, err := os.UserHomeDir()
	if err != nil || h == "" {
		return "", errors.New("cannot find the home directory: set HOME or XDG_DATA_HOME and XDG_STATE_HOME")
	}
	return h, nil
}
