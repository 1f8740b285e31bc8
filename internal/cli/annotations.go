package cli

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/convergence-model/convergence/internal/diag"
)

// fileError attaches to an error that names no position of its own — a
// failed gate — the file a CI annotation should point at.
type fileError struct {
	err  error
	file string
}

func (e *fileError) Error() string { return e.err.Error() }
func (e *fileError) Unwrap() error { return e.err }

// annotate writes err again as GitHub Actions workflow commands, when the
// program runs in a GitHub Actions job (GITHUB_ACTIONS=true): one
// "::error file=…,line=…,col=…::message" line for each problem with an
// input file, so the runner shows it on the file and line it is about,
// and one for any other failure, a failed gate included. Problems that are
// only warnings become "::warning". A cancellation is not annotated.
// The lines go to w, standard error, after the errors written for people.
func annotate(ios *IOStreams, w io.Writer, err error) {
	if err == nil || ios.getenv("GITHUB_ACTIONS") != "true" {
		return
	}
	var (
		cancel *cancelError
		usage  *usageError
		gate   *gateError
		probs  diag.Problems
		at     *fileError
	)
	switch {
	case errors.As(err, &cancel):
		return
	case errors.As(err, &probs):
		for _, p := range probs {
			kind, title := "error", "Invalid input"
			if p.Warning {
				kind, title = "warning", "Input warning"
			}
			fmt.Fprintln(w, workflowCommand(kind, p.File, p.Line, p.Col, title, p.Msg))
		}
		return
	}
	file := ""
	if errors.As(err, &at) {
		file = at.file
	}
	title := "convergence failed"
	switch {
	case errors.As(err, &gate):
		title = "Gate failed"
	case errors.As(err, &usage):
		title = "Usage error"
	}
	fmt.Fprintln(w, workflowCommand("error", file, 0, 0, title, err.Error()))
}

// workflowCommand formats one GitHub Actions workflow command, escaping
// its properties and message as the runner reads them back. A file, line
// or column that is not known is left out; so is a file that is not one
// ("<stdin>", "-").
func workflowCommand(kind, file string, line, col int, title, msg string) string {
	var props []string
	if file != "" && file != "-" && !strings.HasPrefix(file, "<") {
		props = append(props, "file="+escapeProperty(diag.Clean(file)))
		if line > 0 {
			props = append(props, "line="+strconv.Itoa(line))
			if col > 0 {
				props = append(props, "col="+strconv.Itoa(col))
			}
		}
	}
	if title != "" {
		props = append(props, "title="+escapeProperty(title))
	}
	cmd := "::" + kind
	if len(props) > 0 {
		cmd += " " + strings.Join(props, ",")
	}
	// Cleaned line by line: a message of several lines keeps them, as
	// the runner shows an escaped newline as one.
	lines := strings.Split(sentence(msg), "\n")
	for i, l := range lines {
		lines[i] = diag.Clean(l)
	}
	return cmd + "::" + escapeData(strings.Join(lines, "\n"))
}

// escapeData escapes a workflow command's message: "%", CR and LF.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value: as a
// message, and ":" and "," too, which separate properties.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
