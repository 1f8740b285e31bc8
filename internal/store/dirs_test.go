package store

import (
	"path/filepath"
	"runtime"
	"testing"
)

func TestUserDirsFollowXDG(t *testing.T) {
	env := map[string]string{"XDG_STATE_HOME": "/s", "XDG_DATA_HOME": "/d", "HOME": "/h"}
	d, err := UserDirs(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if d.Drafts() != filepath.Join("/s", "convergence") || d.Results() != filepath.Join("/d", "convergence", "results") {
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
