package store

import (
	"path/filepath"
	"runtime"
	"testing"
)

// abs makes a slash path absolute on this system ("/s" is not, on Windows).
func abs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(filepath.FromSlash(p))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestUserDirsFollowXDG(t *testing.T) {
	env := map[string]string{"XDG_STATE_HOME": abs(t, "/s"), "XDG_DATA_HOME": abs(t, "/d"), "HOME": abs(t, "/h")}
	d, err := UserDirs(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if d.Drafts() != filepath.Join(abs(t, "/s"), "convergence") || d.Results() != filepath.Join(abs(t, "/d"), "convergence", "results") {
		t.Errorf("dirs = %+v", d)
	}
	if runtime.GOOS != "linux" {
		return
	}
	d, err = UserDirs(func(k string) string { return map[string]string{"HOME": "/h"}[k] })
	if err != nil {
		t.Fatal(err)
	}
	if d.State != "/h/.local/state/convergence" || d.Data != "/h/.local/share/convergence" {
		t.Errorf("fallback dirs = %+v", d)
	}
}

// The XDG Base Directory specification: "If an implementation encounters a
// relative path in any of these variables it should consider the path
// invalid and ignore it."
func TestUserDirsIgnoreRelativeXDG(t *testing.T) {
	home := abs(t, "/h")
	want, err := UserDirs(func(k string) string { return map[string]string{"HOME": home, "LocalAppData": home}[k] })
	if err != nil {
		t.Fatal(err)
	}
	for _, env := range []map[string]string{
		{"XDG_STATE_HOME": "state", "XDG_DATA_HOME": "data"},
		{"XDG_STATE_HOME": "./state", "XDG_DATA_HOME": "~/data"},
		{"XDG_STATE_HOME": "state"},
		{"XDG_DATA_HOME": "data"},
	} {
		env["HOME"], env["LocalAppData"] = home, home
		got, err := UserDirs(func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("with %v: dirs = %+v, want the defaults %+v", env, got, want)
		}
	}
	// One absolute value is still used.
	env := map[string]string{"XDG_STATE_HOME": "state", "XDG_DATA_HOME": abs(t, "/d"), "HOME": home, "LocalAppData": home}
	got, err := UserDirs(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if got.State != want.State || got.Data != filepath.Join(abs(t, "/d"), "convergence") {
		t.Errorf("dirs = %+v", got)
	}
}
