fn main() {
    podlife_web::start();
}
