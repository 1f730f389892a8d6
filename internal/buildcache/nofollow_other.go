//go:build !unix

package buildcache

// noFollow is not available here; Open checks with Lstat alone.
const noFollow = 0
