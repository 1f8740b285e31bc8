package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/convergence-model/convergence/internal/diag"
)

// Exit codes: the one table, kept in one place.
const (
	exitOK        = 0
	exitFailure   = 1   // runtime failure: I/O error, cannot write
	exitInput     = 2   // usage error or invalid input
	exitGate      = 3   // below --min-level, or a regression with --fail-on-regression
	exitCancelled = 130 // cancelled by the user; answers kept as a draft
)

// usageError is a bad flag or argument: the message is followed by a hint
// to read the command's help.
type usageError struct {
	msg string
}

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// inputError is a bad input file or value that is not a usage mistake.
type inputError struct{ err error }

func (e *inputError) Error() string { return e.err.Error() }
func (e *inputError) Unwrap() error { return e.err }

// gateError means the command worked but a threshold was not met.
type gateError struct{ msg string }

func (e *gateError) Error() string { return e.msg }

// cancelError means the user stopped the command; msg says what was kept.
type cancelError struct{ msg string }

func (e *cancelError) Error() string { return e.msg }

// exitCode maps an error returned by a command to the process exit code.
func exitCode(err error) int {
	var (
		usage    *usageError
		input    *inputError
		gate     *gateError
		cancel   *cancelError
		problems diag.Problems
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &cancel), errors.Is(err, context.Canceled):
		return exitCancelled
	case errors.As(err, &usage), errors.As(err, &input), errors.As(err, &problems):
		return exitInput
	case errors.As(err, &gate):
		return exitGate
	}
	return exitFailure
}
