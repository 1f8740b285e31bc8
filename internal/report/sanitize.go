package report

import "github.com/convergence-model/convergence/internal/diag"

// clean makes a string from a questionnaire, answers or result file safe to
// show in any report; see diag.Clean.
var clean = diag.Clean
