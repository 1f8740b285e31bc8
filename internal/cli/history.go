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

// historySchema identifies the JSON of `convergence history`.
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
	var paths bool
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
  convergence history --format json | jq -r '.results[0].file'

  # Compare the two latest results (newest first, so reverse them)
  convergence compare $(convergence history --paths -n 2 | tac)`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if format != "text" && format != "json" {
				return usageErrorf("--format must be text or json, not %q", format)
			}
			if limit < 0 {
				return usageErrorf("--limit must not be negative")
			}
			return runHistory(f, format, limit, paths)
		},
	}
	cmd.Flags().BoolVar(&paths, "paths", false, "print only the result files' paths, one a line")
	cmd.Flags().StringVar(&format, "format", "text", "output `format`: text or json")
	cmd.Flags().IntVarP(&limit, "limit", "n", 0, "show at most `N` results (0: all)")
	return cmd
}

func runHistory(f *factory, format string, limit int, paths bool) error {
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
	if paths {
		for _, e := range entries {
			fmt.Fprintln(f.io.Out, e.File)
		}
		return nil
	}
	if len(entries) == 0 {
		_, err := fmt.Fprintf(f.io.Out, "No results saved in %s yet.\nRun \"convergence assess\" to make one.\n", dir)
		return err
	}
	var index []float64
	for i := len(entries) - 1; i >= 0; i-- {
		index = append(index, entries[i].Index)
	}
	noun := "results"
	if len(entries) == 1 {
		noun = "result"
	}
	fmt.Fprintf(f.io.Out, "%d %s in %s\n", len(entries), noun, dir)
	fmt.Fprintf(f.io.Out, "Index, oldest to newest: %s\n\n", report.Sparkline(index))
	// The questionnaire column is shown only when it tells results apart;
	// file names are long, so --paths and --format json give them.
	refs := map[string]bool{}
	for _, e := range entries {
		refs[e.Questionnaire.ID+" "+e.Questionnaire.Version] = true
	}
	tw := tabwriter.NewWriter(f.io.Out, 0, 0, 2, ' ', 0)
	if len(refs) > 1 {
		fmt.Fprintln(tw, "DATE\tLEVEL\tINDEX\tQUESTIONNAIRE\tRESPONDENT")
	} else {
		fmt.Fprintln(tw, "DATE\tLEVEL\tINDEX\tRESPONDENT")
	}
	for _, e := range entries {
		level := fmt.Sprintf("%d %s", e.Level, e.LevelName)
		if e.Provisional {
			level += "*"
		}
		row := fmt.Sprintf("%s\t%s\t%.0f\t", e.AssessedAt.Local().Format("2006-01-02 15:04"), level, e.Index)
		if len(refs) > 1 {
			row += cut(e.Questionnaire.ID+" "+e.Questionnaire.Version, 16) + "\t"
		}
		// Columns are cut so a row fits 80 columns with the questionnaire
		// shown and 72 without.
		width := 30
		if len(refs) > 1 {
			width = 18
		}
		fmt.Fprintln(tw, row+cut(respondentName(e.Respondent), width))
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
				fmt.Fprintf(f.io.ErrOut, "Warning: skipped %s\n", probs[0].String())
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
