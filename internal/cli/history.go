package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/store"
)

// HistorySchema identifies the JSON of `convergence history`.
const historySchema = "convergence.history/v1"

type historyEntry struct {
	File          string                  `json:"file"`
	AssessedAt    time.Time               `json:"assessed_at"`
	Respondent    result.Respondent       `json:"respondent"`
	Questionnaire result.QuestionnaireRef `json:"questionnaire"`
	Level         int                     `json:"level"`
	LevelName     string                  `json:"level_name"`
	Index         float64                 `json:"index"`
	Provisional   bool                    `json:"provisional"`
}

type historyDoc struct {
	Schema    string         `json:"schema"`
	Directory string         `json:"directory"`
	Results   []historyEntry `json:"results"`
}

func newCmdHistory(f *factory) *cobra.Command {
	var format string
	var limit int
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List the results saved on this machine, newest first",
		Long: `List the results that assessments saved on this machine, newest first, with
the date, who answered, the questionnaire, the level and the index, and a
sparkline of the index over time.

Results live in $XDG_DATA_HOME/convergence/results (by default
~/.local/share/convergence/results). Compare any two of them with
"convergence compare".`,
		Example: `  convergence history
  convergence history --format json | jq -r '.results[0].file'`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if format != "text" && format != "json" {
				return usageErrorf("--format must be text or json, not %q", format)
			}
			if limit < 0 {
				return usageErrorf("--limit must not be negative")
			}
			return runHistory(f, format, limit)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output `format`: text or json")
	cmd.Flags().IntVarP(&limit, "limit", "n", 0, "show at most `N` results (0: all)")
	return cmd
}

func runHistory(f *factory, format string, limit int) error {
	dirs, err := store.UserDirs(f.io.Getenv)
	if err != nil {
		return err
	}
	dir := dirs.Results()
	entries, err := readHistory(f, dir)
	if err != nil {
		return err
	}
	if limit > 0 && len(entries) > limit {
		entries = entries[:limit]
	}
	if format == "json" {
		return report.WriteJSON(f.io.Out, historyDoc{Schema: historySchema, Directory: dir, Results: entries})
	}
	if len(entries) == 0 {
		_, err := fmt.Fprintf(f.io.Out, "No results saved in %s yet.\nRun \"convergence assess\" to make one.\n", dir)
		return err
	}
	var index []float64
	for i := len(entries) - 1; i >= 0; i-- {
		index = append(index, entries[i].Index)
	}
	fmt.Fprintf(f.io.Out, "%d results in %s\n", len(entries), dir)
	fmt.Fprintf(f.io.Out, "Index, oldest to newest: %s\n\n", report.Sparkline(index))
	tw := tabwriter.NewWriter(f.io.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DATE\tRESPONDENT\tQUESTIONNAIRE\tLEVEL\tINDEX\tFILE")
	for _, e := range entries {
		level := fmt.Sprintf("%d %s", e.Level, e.LevelName)
		if e.Provisional {
			level += "*"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.0f\t%s\n", e.AssessedAt.Local().Format("2006-01-02 15:04"),
			cut(respondentName(e.Respondent), 22), e.Questionnaire.ID+" "+e.Questionnaire.Version, level, e.Index, filepath.Base(e.File))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, e := range entries {
		if e.Provisional {
			fmt.Fprintln(f.io.Out, "\n* provisional: some answers were \"not sure\"")
			break
		}
	}
	return nil
}

// readHistory loads every result in dir, newest first. Files that are not
// results are skipped with a warning, so one damaged file does not hide
// the rest.
func readHistory(f *factory, dir string) ([]historyEntry, error) {
	des, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the history in %s: %w", dir, err)
	}
	var entries []historyEntry
	for _, de := range des {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ".json") {
			continue
		}
		path := filepath.Join(dir, de.Name())
		r, err := result.Load(path)
		if err != nil {
			var probs questionnaire.Problems
			if errors.As(err, &probs) {
				fmt.Fprintf(f.io.ErrOut, "warning: skipped %s\n", probs[0].String())
				continue
			}
			return nil, err
		}
		entries = append(entries, historyEntry{
			File: path, AssessedAt: r.AssessedAt, Respondent: r.Respondent, Questionnaire: r.Questionnaire,
			Level: r.Overall.Level, LevelName: r.Overall.LevelName, Index: r.Overall.Index, Provisional: r.Overall.Provisional,
		})
	}
	slices.SortStableFunc(entries, func(a, b historyEntry) int {
		if c := b.AssessedAt.Compare(a.AssessedAt); c != 0 {
			return c
		}
		return strings.Compare(b.File, a.File)
	})
	return entries, nil
}

func respondentName(r result.Respondent) string {
	name := r.Name
	if name == "" {
		name = "(anonymous)"
	}
	if r.Role != "" {
		name += " · " + questionnaire.RoleName(r.Role)
	}
	return name
}

func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
