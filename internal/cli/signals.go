package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// notifySignals cancels the context on Ctrl-C in a line-mode prompt
// (SIGINT), on kill (SIGTERM) and when the terminal closes (SIGHUP). A
// full-screen form reads Ctrl-C as a key instead.
func notifySignals(ctx context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
}
