package dev.gatehouse.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/** ArchUnit slice assignments the architecture rules need beyond packages. */
final class SliceAssignment {

    private SliceAssignment() {
    }

    /** One slice per top-level class of {@code packageName} (nested classes belong to theirs); other classes in none. */
    static com.tngtech.archunit.library.dependencies.SliceAssignment perClass(String packageName) {
        return new com.tngtech.archunit.library.dependencies.SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass type) {
                if (!type.getPackageName().equals(packageName)) {
                    return SliceIdentifier.ignore();
                }
                JavaClass outer = type;
                while (outer.getEnclosingClass().isPresent()) {
                    outer = outer.getEnclosingClass().get();
                }
                return SliceIdentifier.of(outer.getSimpleName());
            }

            @Override
            public String getDescription() {
                return "classes of " + packageName;
            }
        };
    }
}
