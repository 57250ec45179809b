module gongkai.local/tools/tlog-verify

go 1.21

require (
	github.com/gowebpki/jcs v1.0.1
	golang.org/x/mod v0.20.0
)
