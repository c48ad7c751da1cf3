package hu.autoinvoice.local.runner;

/** Entry point of {@code make run}. */
public final class LocalMain {
    private LocalMain() {}

    public static void main(String[] args) throws Exception {
        System.out.println("READY");
    }
}
