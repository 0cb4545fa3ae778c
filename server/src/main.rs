fn main() -> std::process::ExitCode {
    imprimatur_server::cli::run()
}
