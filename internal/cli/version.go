package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// commit and date are stamped by the release build (see .goreleaser.yaml)
// with -ldflags "-X .../internal/cli.commit=... -X .../internal/cli.date=...",
// beside version. A build that is not stamped falls back to what the Go
// toolchain recorded from version control, if anything.
var (
	commit = ""
	date   = ""
)

// unknownStamp stands for a commit or date that neither the release build
// nor the Go toolchain recorded (go install of a module, -buildvcs=false).
const unknownStamp = "unknown"

// versionSchema names the JSON document of "version --format json".
const versionSchema = "convergence.version/v1"

// versionInfo is what "convergence version --format json" prints: the
// build, and the built-in questionnaires with the digests that results
// record, so a result can be traced to the binary that made it.
type versionInfo struct {
	Schema         string                 `json:"schema"`
	Version        string                 `json:"version"`
	Commit         string                 `json:"commit"`
	Date           string                 `json:"date"`
	Go             string                 `json:"go"`
	Platform       string                 `json:"platform"`
	Questionnaires []builtinQuestionnaire `json:"questionnaires"`
}

type builtinQuestionnaire struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Digest  string `json:"digest"`
}

// currentBuild describes this binary, without the questionnaires.
func currentBuild() versionInfo {
	bi, _ := debug.ReadBuildInfo()
	c, d := buildStamp(commit, date, bi)
	return versionInfo{
		Schema:   versionSchema,
		Version:  toolVersion(),
		Commit:   c,
		Date:     d,
		Go:       runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH,
	}
}

// buildStamp returns the commit and date stamped at link time, or else the
// ones the Go toolchain read from version control (vcs.revision,
// vcs.time), or else "unknown".
func buildStamp(stampedCommit, stampedDate string, bi *debug.BuildInfo) (c, d string) {
	c, d = stampedCommit, stampedDate
	if bi != nil {
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision" && c == "":
				c = s.Value
			case s.Key == "vcs.time" && d == "":
				d = s.Value
			}
		}
	}
	if c == "" {
		c = unknownStamp
	}
	if d == "" {
		d = unknownStamp
	}
	return c, d
}

// versionLine is the one line of "convergence version" and of
// "convergence --version". An unknown date is left out rather than
// printed as a second "unknown".
func versionLine(b versionInfo) string {
	details := "commit " + shortCommit(b.Commit)
	if b.Date != unknownStamp {
		details += ", " + b.Date
	}
	return fmt.Sprintf("convergence %s (%s, %s, %s)", b.Version, details, b.Go, b.Platform)
}

// shortCommit shortens a full hash to 12 hex digits, as git does where
// hashes are read by people; the JSON keeps it whole.
func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

// versionTemplate is a cobra version template that prints line as it is:
// a quoted string constant, so no character in it is read as template
// syntax.
func versionTemplate(line string) string {
	return "{{" + strconv.Quote(line+"\n") + "}}"
}

type versionOptions struct {
	format string
}

func newCmdVersion(f *factory) *cobra.Command {
	opts := &versionOptions{}
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Long: `Print the version of convergence, the commit and date it was built from,
the Go version and the platform. "convergence --version" prints the same line.

With --format json it also lists every built-in questionnaire version with
its digest, the values a result records, so a saved result can
be traced to the binary that made it. The document's "schema" is
"convergence.version/v1".`,
		Example: `  convergence version
  convergence version --format json | jq -r .commit`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if opts.format != "text" && opts.format != "json" {
				return usageErrorf("--format must be text or json, not %q", opts.format)
			}
			return runVersion(f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "text", "output `FORMAT`: text or json")
	return cmd
}

func runVersion(f *factory, opts *versionOptions) error {
	b := currentBuild()
	if opts.format == "text" {
		_, err := fmt.Fprintln(f.io.Out, versionLine(b))
		return err
	}
	b.Questionnaires = []builtinQuestionnaire{}
	for _, ref := range questionnaire.BuiltinRefs() {
		q, _, err := questionnaire.Resolve(ref)
		if err != nil {
			return err
		}
		b.Questionnaires = append(b.Questionnaires, builtinQuestionnaire{ID: q.ID, Version: q.Version, Digest: q.Digest})
	}
	return result.Encode(f.io.Out, b)
}
