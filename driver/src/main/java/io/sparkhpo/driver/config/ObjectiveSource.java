package io.sparkhpo.driver.config;

import io.sparkhpo.api.MultiObjective;
import io.sparkhpo.api.Objective;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * Where a runner gets its objective for each trial: a class name ({@code objective.class}), instantiated afresh for
 * every trial with its public no-argument constructor from the task's class loader (the user's jar), or an instance
 * given to the programmatic API, serialized once and read back for every trial.
 */
public final class ObjectiveSource implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String className;
    private final byte[] instance;

    private ObjectiveSource(String className, byte[] instance) {
        this.className = className;
        this.instance = instance;
    }

    /** By class name; {@link #check} on the driver says whether it can be made. */
    public static ObjectiveSource ofClass(String className) {
        return new ObjectiveSource(className, null);
    }

    /**
     * An {@link Objective} or {@link MultiObjective} instance (a lambda too, if it is serializable).
     *
     * @throws IllegalArgumentException when it is neither, or cannot be serialized
     */
    public static ObjectiveSource of(Object objective) {
        if (!(objective instanceof Objective || objective instanceof MultiObjective)) {
            throw new IllegalArgumentException("the objective must implement " + Objective.class.getName() + " or "
                    + MultiObjective.class.getName() + ", got " + objective.getClass().getName());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(objective);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("the objective " + objective.getClass().getName() + " is not "
                    + "serializable (it or a field is not java.io.Serializable: " + e.getMessage() + "); Spark ships it "
                    + "to the executors: make it Serializable, or give its class name instead", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the objective " + objective.getClass().getName() + " cannot be "
                    + "serialized: " + e, e);
        }
        return new ObjectiveSource(objective.getClass().getName(), bytes.toByteArray());
    }

    public String className() {
        return className;
    }

    /** Whether it is a {@link MultiObjective} (checked on the driver, with the driver's class loader). */
    public boolean multi(ClassLoader loader) {
        return MultiObjective.class.isAssignableFrom(load(loader));
    }

    /**
     * Makes one on the driver, as a runner would: a missing class, one that implements neither interface, has no
     * public no-argument constructor, or whose constructor throws, is an {@link IllegalArgumentException} saying so.
     */
    public void check(ClassLoader loader) {
        create(loader);
    }

    /** A new objective: an {@link Objective} or a {@link MultiObjective}. */
    public Object create(ClassLoader loader) {
        if (instance != null) {
            try (ObjectInputStream in = new LoaderInputStream(new ByteArrayInputStream(instance), loader)) {
                return in.readObject();
            } catch (IOException | ClassNotFoundException e) {
                throw new IllegalArgumentException("reading the objective " + className + " back failed: " + e, e);
            }
        }
        Class<?> c = load(loader);
        try {
            Constructor<?> k = c.getConstructor();
            return k.newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("the objective class " + className + " has no public no-argument "
                    + "constructor");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("the objective class " + className + "'s constructor threw "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("the objective class " + className + " cannot be instantiated: " + e, e);
        }
    }

    private Class<?> load(ClassLoader loader) {
        Class<?> c;
        try {
            c = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("the objective class " + className + " was not found (give its jar with "
                    + "--jars, or put it on the class path)" + (e instanceof LinkageError ? ": " + e : ""));
        }
        if (!Objective.class.isAssignableFrom(c) && !MultiObjective.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("the objective class " + className + " implements neither "
                    + Objective.class.getName() + " nor " + MultiObjective.class.getName());
        }
        if (instance == null && (Modifier.isAbstract(c.getModifiers()) || c.isInterface())) {
            throw new IllegalArgumentException("the objective class " + className + " is abstract");
        }
        return c;
    }

    /** Resolves classes with the task's loader (the user's jar), not the one that loaded this class. */
    private static final class LoaderInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderInputStream(ByteArrayInputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
