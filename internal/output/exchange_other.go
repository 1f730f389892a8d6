//go:build !linux && !darwin

package output

// exchangeDirs is not available here: Commit falls back to two renames.
func exchangeDirs(a, b string) error { return errNoExchange }
