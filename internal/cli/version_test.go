package cli

import (
	"encoding/json"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/convergence-model/convergence/internal/questionnaire"
)

func TestBuildStamp(t *testing.T) {
	vcs := &debug.BuildInfo{Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
		{Key: "vcs.time", Value: "2026-11-20T09:30:00Z"},
		{Key: "vcs.modified", Value: "false"},
	}}
	cases := []struct {
		name                 string
		commit, date         string
		bi                   *debug.BuildInfo
		wantCommit, wantDate string
	}{
		{"stamped wins over vcs", "feedface", "2026-11-29T10:00:00Z", vcs, "feedface", "2026-11-29T10:00:00Z"},
		{"vcs when not stamped", "", "", vcs, "0123456789abcdef0123456789abcdef01234567", "2026-11-20T09:30:00Z"},
		{"one stamped, one from vcs", "feedface", "", vcs, "feedface", "2026-11-20T09:30:00Z"},
		{"no vcs settings", "", "", &debug.BuildInfo{}, "unknown", "unknown"},
		{"no build info", "", "", nil, "unknown", "unknown"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			gotCommit, gotDate := buildStamp(c.commit, c.date, c.bi)
			if gotCommit != c.wantCommit || gotDate != c.wantDate {
				t.Errorf("buildStamp = %q, %q; want %q, %q", gotCommit, gotDate, c.wantCommit, c.wantDate)
			}
		})
	}
}

func TestVersionLine(t *testing.T) {
	b := versionInfo{Version: "1.2.3", Commit: "0123456789abcdef0123", Date: "2026-11-29T10:00:00Z", Go: "go1.26.8", Platform: "linux/arm64"}
	if got, want := versionLine(b), "convergence 1.2.3 (commit 0123456789ab, 2026-11-29T10:00:00Z, go1.26.8, linux/arm64)"; got != want {
		t.Errorf("versionLine = %q, want %q", got, want)
	}
	b.Commit, b.Date = unknownStamp, unknownStamp
	if got, want := versionLine(b), "convergence 1.2.3 (commit unknown, go1.26.8, linux/arm64)"; got != want {
		t.Errorf("versionLine = %q, want %q", got, want)
	}
}

// TestVersionFlagSameLine holds "convergence --version" to the line of
// "convergence version", whatever is stamped into the binary: a quote or
// a brace in a stamped value must not be read as template syntax.
func TestVersionFlagSameLine(t *testing.T) {
	for _, stamp := range []string{"", `{{.Name}} "quoted" \ 1.0`} {
		oldDate := date
		date = stamp
		_, cmdOut, _ := run(t, "version")
		_, flagOut, _ := run(t, "--version")
		date = oldDate
		if cmdOut == "" || flagOut != cmdOut {
			t.Errorf("date %q: --version printed %q, version printed %q", stamp, flagOut, cmdOut)
		}
		if !strings.Contains(cmdOut, stamp) {
			t.Errorf("date %q: version printed %q", stamp, cmdOut)
		}
	}
}

func TestVersionJSON(t *testing.T) {
	code, out, errOut := run(t, "version", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Schema, Version, Commit, Date, Go, Platform string
		Questionnaires                              []struct{ ID, Version, Digest string }
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("version --format json: %v\n%s", err, out)
	}
	if got.Schema != "convergence.version/v1" {
		t.Errorf("schema = %q", got.Schema)
	}
	if got.Version == "" || got.Commit == "" || got.Date == "" {
		t.Errorf("empty version, commit or date: %+v", got)
	}
	if got.Go != runtime.Version() || got.Platform != runtime.GOOS+"/"+runtime.GOARCH {
		t.Errorf("go %q, platform %q", got.Go, got.Platform)
	}
	ids := questionnaire.Builtin()
	if len(got.Questionnaires) != len(ids) {
		t.Fatalf("%d questionnaires listed, %d built in", len(got.Questionnaires), len(ids))
	}
	for i, id := range ids {
		q, _, err := questionnaire.Resolve(id)
		if err != nil {
			t.Fatal(err)
		}
		g := got.Questionnaires[i]
		if g.ID != q.ID || g.Version != q.Version || g.Digest != q.Digest || g.Digest == "" {
			t.Errorf("questionnaire %d = %+v, want %s %s %s", i, g, q.ID, q.Version, q.Digest)
		}
	}
}

func TestVersionBadFormat(t *testing.T) {
	code, out, errOut := run(t, "version", "--format", "yaml")
	if code != exitInput || out != "" {
		t.Errorf("exit %d, stdout %q; want 2 and nothing", code, out)
	}
	if !strings.Contains(errOut, `--format must be text or json, not "yaml".`) || !strings.Contains(errOut, "convergence version --help") {
		t.Errorf("stderr = %q", errOut)
	}
}
