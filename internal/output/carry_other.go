//go:build !unix

package output

import "io/fs"

// canCarry is false here: Write cannot tell how many links a file has, so
// it writes every file.
const canCarry = false

const noFollow = 0

func links(fs.FileInfo) uint64 { return 0 }
