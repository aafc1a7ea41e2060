// Command bezbedno-ferretdb runs FerretDB (SQLite backend) embedded in a tiny
// launcher of ours. Building FerretDB's own command with `go install` gives a
// binary that panics at start-up (its version file is generated, not part of
// the module); the embeddable package has no such check.
//
// It prints the MongoDB URI on stdout as one line, then serves until SIGTERM
// or SIGINT. Telemetry is never created in embedded mode.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (loopback only by default)")
	dir := flag.String("dir", ".data/ferretdb", "folder that holds the SQLite databases")
	flag.Parse()

	abs, err := filepath.Abs(*dir)
	if err != nil {
		fail(err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		fail(err)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		fail(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	done := make(chan struct{})
	go func() {
		defer close(done)
		f.Run(ctx)
	}()

	// MongoDBURI waits until the listener is bound, so the printed port is real.
	fmt.Println(f.MongoDBURI())
	<-done
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bezbedno-ferretdb:", err)
	os.Exit(1)
}
