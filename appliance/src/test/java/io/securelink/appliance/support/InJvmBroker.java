package io.securelink.appliance.support;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small MQTT 5 broker inside the test JVM, on Netty's MQTT codec, so the MQTT tests run on any machine
 * (the README's {@code mvn -B verify}) even without Mosquitto. Moquette 0.17, the in-JVM broker on Maven
 * Central, refuses MQTT 5 connections, and Paho's v5 client speaks nothing else. It does what the tests
 * rely on a broker for: QoS 0/1 with PUBACK, retained messages, wildcard subscriptions, MQTT 5 properties
 * forwarded (response topic, correlation data, content type), the last will on an unclean disconnect and
 * not on a normal one, and persistent sessions that queue QoS 1 messages while their client is away. A
 * "restart" closes every connection and the listener and listens again on the same port with retained
 * messages and sessions kept, as a broker with persistence would. Not a general-purpose broker.
 */
public final class InJvmBroker implements TestBroker {
    private final int port;
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Map<String, Stored> retainedMessages = new LinkedHashMap<>();
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private Channel server;

    /** A message as the broker keeps it. */
    private record Stored(String topic, byte[] payload, int qos, boolean retain, MqttProperties properties) {
    }

    private static final class Session {
        final String clientId;
        final Map<String, Integer> subscriptions = new LinkedHashMap<>();
        final Deque<Stored> queued = new ArrayDeque<>();
        final Map<Integer, Stored> inFlight = new LinkedHashMap<>();
        boolean persistent;
        Channel channel;
        Stored will;
        int nextId = 1;

        Session(String clientId) {
            this.clientId = clientId;
        }

        int packetId() {
            int id = nextId;
            nextId = nextId == 65535 ? 1 : nextId + 1;
            return id;
        }
    }

    private InJvmBroker(int port) {
        this.port = port;
    }

    public static InJvmBroker start() {
        InJvmBroker b = new InJvmBroker(FreePorts.next());
        b.listen();
        return b;
    }

    /**
     * Listens on the broker's port. Right after {@link #stop} the port may still be held for a moment: the JDK
     * closes a listening socket registered with a selector only when that selector next runs, so a restart
     * retries a refused bind until the old socket is gone (up to the test timeout, then the error says so).
     */
    private void listen() {
        ServerBootstrap sb = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new MqttDecoder(1 << 20), MqttEncoder.INSTANCE, new Handler());
                    }
                });
        // The old listening socket is closed by the broker's selector, which gives no event: poll the bind.
        Throwable[] refused = new Throwable[1];
        try {
            Await.until(() -> {
                io.netty.channel.ChannelFuture bound = sb.bind(new InetSocketAddress("127.0.0.1", port)).awaitUninterruptibly();
                if (bound.isSuccess()) {
                    server = bound.channel();
                    return true;
                }
                if (!(bound.cause() instanceof java.net.BindException)) {
                    throw new AssertionError("in-JVM broker cannot listen on 127.0.0.1:" + port + " again", bound.cause());
                }
                refused[0] = bound.cause();
                return false;
            }, "in-JVM broker listening on 127.0.0.1:" + port + " again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (AssertionError timedOut) {
            if (refused[0] != null && timedOut.getCause() == null) {
                timedOut.initCause(refused[0]);
            }
            throw timedOut;
        }
    }

    @Override
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Closes the listener and every connection (no wills: the broker is what went away). */
    @Override
    public void stop() {
        group.submit(() -> {
            if (server != null) {
                server.close();
                server = null;
            }
            for (Session s : sessions.values()) {
                if (s.channel != null) {
                    s.will = null;
                    s.channel.close();
                }
            }
        }).syncUninterruptibly();
    }

    @Override
    public void restart() {
        stop();
        listen();
    }

    @Override
    public void close() {
        stop();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    // Everything below runs on the broker's single event loop, so the state needs no locks.

    private final class Handler extends SimpleChannelInboundHandler<MqttMessage> {
        private Session session;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
            if (msg.decoderResult().isFailure()) {
                ctx.close();
                return;
            }
            switch (msg.fixedHeader().messageType()) {
                case CONNECT -> connect(ctx, (MqttConnectMessage) msg);
                case PUBLISH -> publish(ctx, (MqttPublishMessage) msg);
                case PUBACK -> {
                    if (session != null) {
                        session.inFlight.remove(((MqttMessageIdVariableHeader) msg.variableHeader()).messageId());
                    }
                }
                case SUBSCRIBE -> subscribe(ctx, (MqttSubscribeMessage) msg);
                case UNSUBSCRIBE -> unsubscribe(ctx, (MqttUnsubscribeMessage) msg);
                case PINGREQ -> ctx.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0)));
                case DISCONNECT -> {
                    Object vh = msg.variableHeader();
                    byte reason = vh instanceof MqttReasonCodeAndPropertiesVariableHeader r ? r.reasonCode() : 0;
                    if (session != null && reason == 0) {
                        session.will = null; // a normal disconnect discards the will
                    }
                    ctx.close();
                }
                default -> ctx.close();
            }
        }

        private void connect(ChannelHandlerContext ctx, MqttConnectMessage m) {
            if (m.variableHeader().version() != 5) {
                ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION).build());
                ctx.close();
                return;
            }
            String id = m.payload().clientIdentifier();
            Session existing = sessions.get(id);
            if (existing != null && existing.channel != null && existing.channel.isActive()) {
                existing.will = null;
                existing.channel.close(); // session takeover
            }
            boolean clean = m.variableHeader().isCleanSession();
            MqttProperties.MqttProperty<?> expiry = m.variableHeader().properties().getProperty(
                    MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
            boolean persistent = expiry != null && ((Integer) expiry.value()) > 0;
            boolean present = existing != null && !clean && existing.persistent;
            Session s = present ? existing : new Session(id);
            s.persistent = persistent;
            s.channel = ctx.channel();
            s.will = m.variableHeader().isWillFlag()
                    ? new Stored(m.payload().willTopic(), m.payload().willMessageInBytes(), m.variableHeader().willQos(),
                    m.variableHeader().isWillRetain(), copy(m.payload().willProperties()))
                    : null;
            sessions.put(id, s);
            session = s;
            MqttConnAckMessage ack = MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                    .sessionPresent(present).properties(p -> p.receiveMaximum(100).retainAvailable(true).wildcardSubscriptionAvailable(true)).build();
            ctx.writeAndFlush(ack);
            if (present) {
                List<Stored> resend = new ArrayList<>(s.inFlight.values());
                s.inFlight.clear();
                resend.addAll(s.queued);
                s.queued.clear();
                resend.forEach(x -> deliver(s, x, x.qos(), false));
            }
        }

        private void publish(ChannelHandlerContext ctx, MqttPublishMessage m) {
            int qos = m.fixedHeader().qosLevel().value();
            Stored st = new Stored(m.variableHeader().topicName(), ByteBufUtil.getBytes(m.payload()), qos,
                    m.fixedHeader().isRetain(), copy(m.variableHeader().properties()));
            route(st);
            if (qos >= 1) {
                ctx.writeAndFlush(MqttMessageBuilders.pubAck().packetId(m.variableHeader().packetId()).build());
            }
        }

        private void subscribe(ChannelHandlerContext ctx, MqttSubscribeMessage m) {
            MqttMessageBuilders.SubAckBuilder ack = MqttMessageBuilders.subAck().packetId(m.variableHeader().messageId());
            List<MqttTopicSubscription> subs = m.payload().topicSubscriptions();
            for (MqttTopicSubscription t : subs) {
                int qos = Math.min(1, t.qualityOfService().value());
                session.subscriptions.put(t.topicName(), qos);
                ack.addGrantedQos(MqttQoS.valueOf(qos));
            }
            ctx.writeAndFlush(ack.build());
            for (MqttTopicSubscription t : subs) {
                for (Stored r : retainedMessages.values()) {
                    if (matches(t.topicName(), r.topic())) {
                        deliver(session, r, Math.min(r.qos(), session.subscriptions.get(t.topicName())), true);
                    }
                }
            }
        }

        private void unsubscribe(ChannelHandlerContext ctx, MqttUnsubscribeMessage m) {
            MqttMessageBuilders.UnsubAckBuilder ack = MqttMessageBuilders.unsubAck().packetId(m.variableHeader().messageId());
            for (String t : m.payload().topics()) {
                session.subscriptions.remove(t);
                ack.addReasonCode((short) 0);
            }
            ctx.writeAndFlush(ack.build());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Session s = session;
            if (s == null || s.channel != ctx.channel()) {
                return;
            }
            s.channel = null;
            Stored will = s.will;
            s.will = null;
            if (!s.persistent) {
                sessions.remove(s.clientId);
            }
            if (will != null) {
                route(will);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static MqttProperties copy(MqttProperties in) {
        MqttProperties out = new MqttProperties();
        if (in != null) {
            for (MqttProperties.MqttProperty<?> p : in.listAll()) {
                int id = p.propertyId();
                if (id == MqttProperties.MqttPropertyType.RESPONSE_TOPIC.value()
                        || id == MqttProperties.MqttPropertyType.CORRELATION_DATA.value()
                        || id == MqttProperties.MqttPropertyType.CONTENT_TYPE.value()
                        || id == MqttProperties.MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value()
                        || id == MqttProperties.MqttPropertyType.USER_PROPERTY.value()) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private void route(Stored st) {
        if (st.retain()) {
            if (st.payload().length == 0) {
                retainedMessages.remove(st.topic());
            } else {
                retainedMessages.put(st.topic(), st);
            }
        }
        for (Session s : sessions.values()) {
            Integer best = null;
            for (Map.Entry<String, Integer> sub : s.subscriptions.entrySet()) {
                if (matches(sub.getKey(), st.topic())) {
                    best = best == null ? sub.getValue() : Math.max(best, sub.getValue());
                }
            }
            if (best != null) {
                deliver(s, st, Math.min(st.qos(), best), false);
            }
        }
    }

    private void deliver(Session s, Stored st, int qos, boolean asRetained) {
        Stored out = new Stored(st.topic(), st.payload(), qos, asRetained, st.properties());
        if (s.channel == null || !s.channel.isActive()) {
            if (s.persistent && qos > 0) {
                s.queued.add(out);
            }
            return;
        }
        MqttMessageBuilders.PublishBuilder b = MqttMessageBuilders.publish().topicName(st.topic()).retained(asRetained)
                .qos(MqttQoS.valueOf(qos)).payload(Unpooled.wrappedBuffer(st.payload())).properties(st.properties());
        if (qos > 0) {
            int id = s.packetId();
            s.inFlight.put(id, out);
            b.messageId(id);
        }
        s.channel.writeAndFlush(b.build()).addListener(f -> {
            if (!f.isSuccess()) {
                System.err.println("in-JVM broker: delivery to " + s.clientId + " failed: " + f.cause());
            }
        });
    }

    /** MQTT topic filter matching with {@code +} and {@code #}. */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
